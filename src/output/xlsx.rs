//! The export as an Excel workbook: amounts as numbers (shown with the reader's
//! separators, `450 000,00` in Norwegian Excel), dates as dates in Norwegian time, text
//! as text (never a formula), under a frozen header with a filter.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use super::export::HEADER;
use crate::domain::time::to_oslo;
use crate::error::{Error, Result};
use crate::service::ExportRow;

/// The workbook's bytes.
pub fn xlsx(rows: &[ExportRow]) -> Result<Vec<u8>> {
    build(rows).map_err(|e| Error::Internal {
        message: format!("Excel: {e}"),
    })
}

fn build(rows: &[ExportRow]) -> std::result::Result<Vec<u8>, XlsxError> {
    use chrono::{Datelike, Timelike};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("export")?;
    let bold = Format::new().set_bold();
    let amount = Format::new().set_num_format("#,##0.00");
    let date = Format::new().set_num_format("dd.mm.yyyy hh:mm");
    for (column, name) in HEADER.iter().enumerate() {
        let column = column_number(column);
        sheet.write_string_with_format(0, column, *name, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let texts = [
            (0, r.reference.as_str()),
            (1, r.network.as_str()),
            (2, r.lead_municipality.as_str()),
            (3, r.lead_municipality_name.as_str()),
            (4, r.pot.as_str()),
            (7, r.outcome.map_or("", |o| o.as_str())),
            (8, r.proposed_by.as_deref().unwrap_or("")),
            (9, r.decided_by.as_deref().unwrap_or("")),
        ];
        for (column, text) in texts {
            // Written as a string cell: `=…` from an application stays text.
            sheet.write_string(row, column, text)?;
        }
        let amounts = [
            (5, r.requested),
            (6, r.allocated),
            (11, r.paid),
            (12, r.spent),
            (13, r.claimed),
            (14, r.repaid),
        ];
        for (column, money) in amounts {
            let number: f64 = money.plain().parse().unwrap_or_default();
            sheet.write_number_with_format(row, column, number, &amount)?;
        }
        if let Some(at) = r.decided_at {
            let local = to_oslo(at);
            let when = ExcelDateTime::from_ymd(
                u16::try_from(local.year()).unwrap_or(1900),
                u8::try_from(local.month()).unwrap_or(1),
                u8::try_from(local.day()).unwrap_or(1),
            )?
            .and_hms(
                u16::try_from(local.hour()).unwrap_or(0),
                u8::try_from(local.minute()).unwrap_or(0),
                local.second(),
            )?;
            sheet.write_datetime_with_format(row, 10, when, &date)?;
        }
    }
    for (column, width) in [
        (0, 16),
        (1, 18),
        (3, 20),
        (4, 16),
        (5, 14),
        (6, 14),
        (10, 17),
    ] {
        sheet.set_column_width(column, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last_row, column_number(HEADER.len() - 1))?;
    workbook.save_to_buffer()
}

fn column_number(index: usize) -> u16 {
    u16::try_from(index).unwrap_or(u16::MAX)
}
