//! Synthetic CTDC-shaped records for demos, tests and benchmarks. Deterministic for a seed
//! (ChaCha8), so tests and benchmarks are reproducible. Every record is marked synthetic: the
//! first column is `SYNTHETIC` with the value `synthetic`, and `Datasource` is
//! `Synthetic (tamiz synth)`. Nothing here is drawn from real cases.
//!
//! Shape: CTDC global-dataset column names; Zipf-skewed categories (a few values common, a long
//! tail rare); repeated persons (`personId` recurs, some persons have several records); 0–4
//! means-of-control flags per record; occasional missing values (blank and CTDC's old `-99`).

use std::io::Write;

use rand::distributions::{Distribution, WeightedIndex};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The 18 CTDC means-of-control flag columns.
pub const MEANS_OF_CONTROL: [&str; 18] = [
    "meansOfControlDebtBondage",
    "meansOfControlTakesEarnings",
    "meansOfControlRestrictsFinancialAccess",
    "meansOfControlThreats",
    "meansOfControlPsychologicalAbuse",
    "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse",
    "meansOfControlFalsePromises",
    "meansOfControlPsychoactiveSubstances",
    "meansOfControlRestrictsMovement",
    "meansOfControlRestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours",
    "meansOfControlUsesChildren",
    "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities",
    "meansOfControlWithholdsDocuments",
    "meansOfControlOther",
    "meansOfControlNotSpecified",
];

/// The 13 CTDC type-of-labour flag columns.
pub const TYPE_OF_LABOUR: [&str; 13] = [
    "typeOfLabourAgriculture",
    "typeOfLabourAquafarming",
    "typeOfLabourBegging",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfLabourIllicitActivities",
    "typeOfLabourManufacturing",
    "typeOfLabourMiningOrDrilling",
    "typeOfLabourPeddling",
    "typeOfLabourTransportation",
    "typeOfLabourOther",
    "typeOfLabourNotSpecified",
];

const COUNTRIES: [&str; 3] = ["CO", "PE", "EC"];
const CITIZENSHIP: [&str; 12] = [
    "VE", "CO", "EC", "PE", "HT", "CU", "BO", "DO", "CN", "PY", "AR", "SN",
];
const GENDER: [&str; 4] = ["Female", "Male", "", "Transgender/NonConforming"];
const AGE: [&str; 10] = [
    "18--20", "21--23", "9--17", "24--26", "27--29", "30--38", "", "39--47", "48+", "0--8",
];
const YEARS: [&str; 11] = [
    "2021", "2022", "2020", "2023", "2019", "2018", "2024", "2017", "2016", "2015", "-99",
];
const SOURCES: [&str; 1] = ["Synthetic (tamiz synth)"];

fn zipf(n: usize, s: f64) -> WeightedIndex<f64> {
    // Weights 1/(r+1)^s are all positive and finite, so this cannot fail.
    WeightedIndex::new((0..n).map(|r| 1.0 / ((r + 1) as f64).powf(s)))
        .unwrap_or_else(|_| WeightedIndex::new([1.0]).expect("one weight"))
}

/// The header of the synthetic file.
pub fn header() -> Vec<String> {
    let mut h: Vec<String> = [
        "SYNTHETIC",
        "personId",
        "yearOfRegistration",
        "Datasource",
        "gender",
        "ageBroad",
        "majorityStatus",
        "citizenship",
        "CountryOfExploitation",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.extend(MEANS_OF_CONTROL.iter().map(|s| s.to_string()));
    h.extend(
        ["isForcedLabour", "isSexualExploit", "isOtherExploit"]
            .iter()
            .map(|s| s.to_string()),
    );
    h.extend(TYPE_OF_LABOUR.iter().map(|s| s.to_string()));
    h
}

/// Writes `rows` synthetic records as CSV (comma-separated, with header) to `out`.
/// `country` fixes CountryOfExploitation (e.g. one custodian's file); else CO, PE, EC Zipf-mixed.
pub fn write_synthetic<W: Write>(
    out: W,
    rows: u64,
    seed: u64,
    country: Option<&str>,
) -> std::io::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header())?;
    let (z_country, z_cit, z_gender, z_age, z_year) = (
        zipf(3, 1.0),
        zipf(CITIZENSHIP.len(), 1.2),
        zipf(GENDER.len(), 1.5),
        zipf(AGE.len(), 0.8),
        zipf(YEARS.len(), 0.7),
    );
    let z_moc = zipf(MEANS_OF_CONTROL.len(), 1.1);
    let z_lab = zipf(TYPE_OF_LABOUR.len(), 1.1);
    let n_flags =
        WeightedIndex::new([30.0, 30.0, 20.0, 12.0, 8.0]).map_err(std::io::Error::other)?;
    let prefix = country.unwrap_or("XX");
    let mut persons: u64 = 0;
    let mut row: Vec<String> = Vec::with_capacity(header().len());
    for _ in 0..rows {
        // About one record in five belongs to a person already seen (repeated persons).
        let pid = if persons > 0 && rng.gen_bool(0.2) {
            rng.gen_range(persons.saturating_sub(1000)..persons)
        } else {
            persons += 1;
            persons - 1
        };
        row.clear();
        row.push("synthetic".into());
        row.push(format!("SYN-{prefix}-{pid:08}"));
        row.push(YEARS[z_year.sample(&mut rng)].into());
        row.push(SOURCES[0].into());
        row.push(GENDER[z_gender.sample(&mut rng)].into());
        let age = AGE[z_age.sample(&mut rng)];
        row.push(age.into());
        row.push(
            match age {
                "" => "",
                "0--8" | "9--17" => "Minor",
                _ => "Adult",
            }
            .into(),
        );
        row.push(CITIZENSHIP[z_cit.sample(&mut rng)].into());
        row.push(
            country
                .unwrap_or(COUNTRIES[z_country.sample(&mut rng)])
                .into(),
        );
        let mut moc = [false; 18];
        let k = n_flags.sample(&mut rng);
        let mut set = 0;
        while set < k {
            let i = z_moc.sample(&mut rng);
            if !moc[i] {
                moc[i] = true;
                set += 1;
            }
        }
        row.extend(
            moc.iter()
                .map(|b| if *b { "1".to_string() } else { "0".to_string() }),
        );
        let labour = rng.gen_bool(0.55);
        let sexual = !labour || rng.gen_bool(0.05);
        row.push(u8::from(labour).to_string());
        row.push(u8::from(sexual).to_string());
        row.push(u8::from(rng.gen_bool(0.03)).to_string());
        let lab = if labour {
            Some(z_lab.sample(&mut rng))
        } else {
            None
        };
        row.extend((0..TYPE_OF_LABOUR.len()).map(|i| {
            if Some(i) == lab {
                "1".to_string()
            } else if rng.gen_bool(0.01) {
                "-99".to_string()
            } else {
                "0".to_string()
            }
        }));
        w.write_record(&row)?;
    }
    w.flush()
}
