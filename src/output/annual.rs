//! The annual report as CSV and as an Excel workbook: one row per county, pot, network,
//! municipality and theme, with the same columns in both.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::error::{Error, Result};
use crate::service::{AnnualReport, AnnualRow, Figures};

/// The report's columns.
const HEADER: [&str; 11] = [
    "level",
    "id",
    "name",
    "applications",
    "projects",
    "requested",
    "granted",
    "paid",
    "spent",
    "repaid",
    "unspent",
];

fn amounts(f: &Figures) -> [crate::domain::Money; 6] {
    [f.requested, f.granted, f.paid, f.spent, f.repaid, f.unspent]
}

/// Every row, then the year's total (`total`, empty id).
fn rows(report: &AnnualReport) -> impl Iterator<Item = (&str, &str, &str, &Figures)> {
    report
        .rows
        .iter()
        .map(|r: &AnnualRow| {
            (
                r.level.as_str(),
                r.id.as_str(),
                r.name.as_deref().unwrap_or(""),
                &r.figures,
            )
        })
        .chain(std::iter::once(("total", "", "", &report.total)))
}

pub fn annual_csv(report: &AnnualReport) -> Vec<u8> {
    let mut out = String::new();
    super::csv_line(&mut out, &HEADER, ',');
    for (level, id, name, f) in rows(report) {
        let numbers: Vec<String> = [f.applications, f.projects]
            .iter()
            .map(ToString::to_string)
            .chain(amounts(f).iter().map(|m| m.plain()))
            .collect();
        let mut cells = vec![level, id, name];
        cells.extend(numbers.iter().map(String::as_str));
        super::csv_line(&mut out, &cells, ',');
    }
    out.into_bytes()
}

pub fn annual_xlsx(report: &AnnualReport) -> Result<Vec<u8>> {
    build(report).map_err(|e| Error::Internal {
        message: format!("Excel: {e}"),
    })
}

fn build(report: &AnnualReport) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(format!("{}", report.year))?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    for (column, name) in (0u16..).zip(HEADER) {
        sheet.write_string_with_format(0, column, name, &bold)?;
    }
    let mut last = 0;
    for (row, (level, id, name, f)) in (1u32..).zip(rows(report)) {
        // Text as string cells: a name that starts with `=` stays text.
        for (column, text) in [(0, level), (1, id), (2, name)] {
            sheet.write_string(row, column, text)?;
        }
        #[allow(clippy::cast_precision_loss)]
        for (column, count) in [(3, f.applications), (4, f.projects)] {
            sheet.write_number(row, column, count as f64)?;
        }
        for (column, amount) in (5u16..).zip(amounts(f)) {
            let number: f64 = amount.plain().parse().unwrap_or_default();
            sheet.write_number_with_format(row, column, number, &money)?;
        }
        last = row;
    }
    sheet.set_column_width(2, 32)?;
    for column in 5..=10 {
        sheet.set_column_width(column, 15)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last, 10)?;
    workbook.save_to_buffer()
}
