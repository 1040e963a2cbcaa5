// The analyst page's charting library: the D3 subset it needs (scales, selection, axes), bundled by
// esbuild at build time into site/vendor/chart.js. Nothing is loaded from another origin.
export { scaleBand, scaleLinear } from "d3-scale";
export { select } from "d3-selection";
export { axisBottom, axisLeft } from "d3-axis";
