//! The demo site's shared page parts: every page in `www/` marks where the common `<head>` lines and
//! the site header go (`<!-- tamiz:head -->`, `<!-- tamiz:header -->`), and `cargo xtask serve`
//! fills them in from `www/partials/` while it builds the site, so the navigation is written once
//! per language instead of in every page.
//!
//! Per page it fills in: `{root}` (the path to the site root: `""` for Spanish pages at the root,
//! `"../"` for English pages under `en/`), the link to the same page in the other language
//! (`{other}`), and `aria-current="page"` on the page's own entry in the navigation. The language is
//! the page's `<html lang>`.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};

const HEAD_MARK: &str = "<!-- tamiz:head -->";
const HEADER_MARK: &str = "<!-- tamiz:header -->";

/// The partials, read once from `www/partials/`.
pub struct Partials {
    head: String,
    header_es: String,
    header_en: String,
}

impl Partials {
    /// Reads `head.html`, `header.es.html` and `header.en.html` from `dir`.
    pub fn read(dir: &Path) -> Result<Partials> {
        let read = |name: &str| {
            let path = dir.join(name);
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
        };
        Ok(Partials {
            head: read("head.html")?,
            header_es: read("header.es.html")?,
            header_en: read("header.en.html")?,
        })
    }

    /// The page `name` (its file name, e.g. `portal.html`) with its marks filled in; `source` names
    /// the file in errors.
    pub fn expand(&self, html: &str, name: &str, source: &Path) -> Result<String> {
        let Some(lang) = html_lang(html) else {
            bail!(
                "{}: no <html lang=\"…\">; every page needs one (es or en) to get its header",
                source.display()
            );
        };
        let (root, other, header) = match lang {
            "es" => ("", format!("en/{name}"), &self.header_es),
            "en" => ("../", format!("../{name}"), &self.header_en),
            other => bail!(
                "{}: <html lang=\"{other}\"> has no header in www/partials/ (es and en do)",
                source.display()
            ),
        };
        let head = self.head.replace("{root}", root);
        let own = format!("<li><a href=\"{name}\">");
        if !header.contains(&own) {
            bail!(
                "{}: `{name}` is not in the navigation of www/partials/header.{lang}.html; add it \
                 there (every page of the site is one of its sections)",
                source.display()
            );
        }
        let header = header.replace("{other}", &other).replacen(
            &own,
            &format!("<li><a href=\"{name}\" aria-current=\"page\">"),
            1,
        );
        Ok(fill(&fill(html, HEAD_MARK, &head), HEADER_MARK, &header))
    }
}

/// Replaces the line holding `mark` (indentation included) with `part`.
fn fill(html: &str, mark: &str, part: &str) -> String {
    let mut out = String::with_capacity(html.len() + part.len());
    for line in html.split_inclusive('\n') {
        if line.trim() == mark {
            out.push_str(part);
        } else {
            out.push_str(line);
        }
    }
    out
}

fn html_lang(html: &str) -> Option<&str> {
    let start = html.find("<html lang=\"")? + "<html lang=\"".len();
    let len = html[start..].find('"')?;
    Some(&html[start..start + len])
}

/// Fills in every page under `site` (the copied `www/`, not its subfolders but `en/`).
pub fn expand_site(site: &Path, www: &Path) -> Result<()> {
    let partials = Partials::read(&www.join("partials"))?;
    for dir in [site.to_path_buf(), site.join("en")] {
        for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !name.ends_with(".html") {
                continue;
            }
            let html =
                fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            if !html.contains(HEAD_MARK) && !html.contains(HEADER_MARK) {
                continue;
            }
            let source = www.join(path.strip_prefix(site).unwrap_or(&path));
            let page = partials.expand(&html, name, &source)?;
            fs::write(&path, page).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partials() -> Partials {
        Partials::read(&crate::util::root().join("www/partials")).unwrap()
    }

    #[test]
    fn a_page_gets_its_head_header_current_entry_and_other_language() {
        let page = "<!doctype html>\n<html lang=\"en\">\n  <head>\n    <!-- tamiz:head -->\n    <title>t</title>\n  </head>\n  <body>\n    <!-- tamiz:header -->\n    <main></main>\n";
        let out = partials()
            .expand(page, "portal.html", Path::new("www/en/portal.html"))
            .unwrap();
        assert!(out.contains("<link rel=\"stylesheet\" href=\"../site.css\">"));
        assert!(out.contains("<li><a href=\"portal.html\" aria-current=\"page\">"));
        assert_eq!(out.matches("aria-current").count(), 1);
        assert!(out.contains("class=\"lang-switch\" href=\"../portal.html\""));
        assert!(!out.contains("tamiz:") && !out.contains("{root}") && !out.contains("{other}"));
    }

    #[test]
    fn a_page_outside_the_navigation_or_without_a_language_is_an_error() {
        let p = partials();
        let page = "<html lang=\"es\">\n<!-- tamiz:header -->\n";
        let err = p
            .expand(page, "nuevo.html", Path::new("www/nuevo.html"))
            .unwrap_err();
        assert!(
            err.to_string().contains("www/nuevo.html")
                && err.to_string().contains("header.es.html")
        );
        let err = p
            .expand(
                "<html>\n<!-- tamiz:head -->\n",
                "index.html",
                Path::new("www/index.html"),
            )
            .unwrap_err();
        assert!(err.to_string().contains("lang"));
    }
}
