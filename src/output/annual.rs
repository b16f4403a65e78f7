//! The annual report as CSV and as an Excel workbook: one row per county, pot, network
//! and lead municipality, with the same columns in both; the workbook also has the
//! granted projects per theme on a second sheet (CSV holds one table: the rows).

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};
use crate::service::{AnnualReport, AnnualRow, Figures};

/// The report's columns, as the JSON rows name them.
const HEADER: [&str; 13] = [
    "county",
    "pot",
    "network",
    "municipality",
    "municipality_name",
    "applications",
    "projects",
    "requested",
    "granted",
    "paid",
    "spent",
    "repaid",
    "unspent",
];

fn texts(r: &AnnualRow) -> [&str; 5] {
    [
        r.county.as_str(),
        &r.pot,
        &r.network,
        &r.municipality,
        r.municipality_name.as_deref().unwrap_or(""),
    ]
}

fn amounts(f: &Figures) -> [crate::domain::Money; 6] {
    [f.requested, f.granted, f.paid, f.spent, f.repaid, f.unspent]
}

pub fn annual_csv(report: &AnnualReport) -> Vec<u8> {
    let mut out = String::new();
    super::csv_line(&mut out, &HEADER, ',');
    for row in &report.rows {
        let f = &row.figures;
        let numbers: Vec<String> = [f.applications, f.projects]
            .iter()
            .map(ToString::to_string)
            .chain(amounts(f).iter().map(|m| m.plain()))
            .collect();
        let mut cells = texts(row).to_vec();
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
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(format!("{}", report.year))?;
    rows_sheet(sheet, report, &bold)?;
    let themes = workbook.add_worksheet();
    themes.set_name("themes")?;
    themes.write_string_with_format(0, 0, "theme", &bold)?;
    themes.write_string_with_format(0, 1, "projects", &bold)?;
    for (row, (theme, count)) in (1u32..).zip(&report.themes) {
        themes.write_string(row, 0, theme)?;
        #[allow(clippy::cast_precision_loss)]
        themes.write_number(row, 1, *count as f64)?;
    }
    themes.set_column_width(0, 28)?;
    workbook.save_to_buffer()
}

fn rows_sheet(
    sheet: &mut Worksheet,
    report: &AnnualReport,
    bold: &Format,
) -> std::result::Result<(), XlsxError> {
    let money = Format::new().set_num_format("#,##0.00");
    for (column, name) in (0u16..).zip(HEADER) {
        sheet.write_string_with_format(0, column, name, bold)?;
    }
    let mut last = 0;
    for (row, r) in (1u32..).zip(&report.rows) {
        // Text as string cells: a name that starts with `=` stays text.
        for (column, text) in (0u16..).zip(texts(r)) {
            sheet.write_string(row, column, text)?;
        }
        let f = &r.figures;
        #[allow(clippy::cast_precision_loss)]
        for (column, count) in [(5, f.applications), (6, f.projects)] {
            sheet.write_number(row, column, count as f64)?;
        }
        for (column, amount) in (7u16..).zip(amounts(f)) {
            let number: f64 = amount.plain().parse().unwrap_or_default();
            sheet.write_number_with_format(row, column, number, &money)?;
        }
        last = row;
    }
    sheet.set_column_width(2, 24)?;
    sheet.set_column_width(4, 20)?;
    for column in 7..=12 {
        sheet.set_column_width(column, 15)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last, 12)?;
    Ok(())
}
