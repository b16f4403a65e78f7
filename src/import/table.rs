//! Applications as a forms system exports them: one row per application, in CSV or
//! Excel (`.xlsx`), under a header row of the contract's column names in any order.
//!
//! Each row becomes the object an application has in JSON and goes through the same
//! parser, so the same rules give the same messages; an error is then placed by row
//! (the header is row 1, as a spreadsheet counts) and column.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::node::Node;

use super::{ImportError, Problem, Source, utf8};

/// The columns a table may have besides one `amount_<pot>` per pot.
pub const COLUMNS: [&str; 20] = [
    "reference",
    "round",
    "network",
    "submitted",
    "title",
    "lead_municipality",
    "municipalities",
    "contact_name",
    "contact_email",
    "competence_partner",
    "bufetat",
    "project_leader_percent",
    "period_start",
    "period_end",
    "summary",
    "plan",
    "archive_reference",
    "applicant_reference",
    "payee",
    "themes",
];

/// The columns every table must have.
const REQUIRED: [&str; 6] = [
    "reference",
    "round",
    "network",
    "submitted",
    "title",
    "lead_municipality",
];

/// The amount columns' prefix: `amount_egeninitiert` is the request from that pot.
pub const AMOUNT_PREFIX: &str = "amount_";

/// Whether the file is a table by its name: `.csv` or `.xlsx`.
pub fn is_table(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("xlsx"))
}

fn is_xlsx(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// A table's text: the header, then each row with its spreadsheet row number.
struct Table {
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

/// The applications of one table file, in row order, each read or refused on its own
/// (an error of the whole table, such as its header, ends it at once).
pub fn parse_table(
    source: &Source,
) -> Result<Vec<Result<super::applications::ParsedEntry, ImportError>>, ImportError> {
    let table = read(source)?;
    check_header(&source.name, &table.header)?;
    if table.rows.is_empty() {
        return Err(ImportError::file(&source.name, Problem::Empty));
    }
    let columns = table.header.len();
    let parse = |index: usize, row: usize, cells: &[String]| {
        // Values past the last column (a stray separator, a shifted row) have no field
        // to go to: refused, not dropped.
        if cells.iter().skip(columns).any(|c| !c.trim().is_empty()) {
            let problem = Problem::ExtraValues {
                values: cells.len(),
                columns,
            };
            let mut error = ImportError::file(&source.name, problem);
            error.row = Some(row);
            error.item = reference_cell(&table.header, cells);
            return Err(error);
        }
        let value = row_object(&table.header, cells);
        let (application, given, folded) =
            // Borrowed: the row's object is needed again to place an error or warning.
            super::applications::parse_application(&source.name, index, Node::borrowing(&value))
                .map_err(|e| at_row(e, row, &value, &table.header))?;
        let folded = folded
            .into_iter()
            .map(|(warning, original)| (at_row(warning, row, &value, &table.header), original))
            .collect();
        Ok((application, given, folded))
    };
    Ok(table
        .rows
        .iter()
        .enumerate()
        .map(|(index, (row, cells))| parse(index, *row, cells))
        .collect())
}

/// The reference a row gives, where it gives one: to name the row's application.
fn reference_cell(header: &[String], cells: &[String]) -> Option<String> {
    let at = header.iter().position(|c| c == "reference")?;
    let reference = cells.get(at)?.trim();
    (!reference.is_empty()).then(|| reference.to_string())
}

/// An error found after parsing (an unknown round or pot) about an application of a
/// table, placed by its row and column; other errors as they are.
pub fn locate(error: ImportError, sources: &[Source]) -> ImportError {
    if error.row.is_some() {
        return error;
    }
    let Some(source) = sources.iter().find(|s| s.name == error.file) else {
        return error;
    };
    if !is_table(&source.name) {
        return error;
    }
    let (Ok(table), Some(reference)) = (read(source), error.item.clone()) else {
        return error;
    };
    let Some(at) = table.header.iter().position(|c| c == "reference") else {
        return error;
    };
    let found = table.rows.iter().find(|(_, cells)| {
        cells.get(at).is_some_and(|c| {
            crate::domain::text::reference_key(c.trim())
                == crate::domain::text::reference_key(&reference)
        })
    });
    match found {
        Some((row, cells)) => at_row(
            error,
            *row,
            &row_object(&table.header, cells),
            &table.header,
        ),
        None => error,
    }
}

fn read(source: &Source) -> Result<Table, ImportError> {
    if source.bytes.len() > super::MAX_FILE_BYTES {
        return Err(ImportError::file(
            &source.name,
            Problem::TooLarge {
                limit: super::MAX_FILE_BYTES,
            },
        ));
    }
    let mut table = if is_xlsx(&source.name) {
        read_xlsx(source)?
    } else {
        read_csv(source)?
    };
    table.header = table.header.iter().map(|h| h.trim().to_string()).collect();
    // Rows left empty (a spreadsheet's trailing rows) are no applications.
    table
        .rows
        .retain(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    Ok(table)
}

/// The most rows (the header and empty rows included) a CSV file may have: each row read
/// is kept until the whole file is checked, some hundreds of bytes with its
/// application, so a few megabytes of `x,` lines took more than a gigabyte. A round
/// has hundreds of applications; a file of many rounds, thousands.
const MAX_TABLE_ROWS: usize = 100_000;

/// The most cells holding something an Excel sheet may have, for the same reason:
/// [`MAX_TABLE_ROWS`] rows of twenty columns.
const MAX_TABLE_CELLS: usize = MAX_TABLE_ROWS * 20;

fn read_csv(source: &Source) -> Result<Table, ImportError> {
    let text = utf8(source)?;
    // A spreadsheet set to Norwegian saves CSV with semicolons.
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.contains(';') && !first_line.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if i > MAX_TABLE_ROWS {
            let problem = Problem::TooMany {
                limit: MAX_TABLE_ROWS,
            };
            return Err(ImportError::file(&source.name, problem));
        }
        let record = record.map_err(|e| ImportError {
            row: Some(i + 1),
            ..ImportError::file(
                &source.name,
                Problem::Syntax {
                    line: e.position().and_then(|p| usize::try_from(p.line()).ok()),
                    column: None,
                    what: super::Malformed::reader("CSV", &e.to_string()),
                },
            )
        })?;
        records.push(record.iter().map(str::to_string).collect::<Vec<_>>());
    }
    let mut records = records.into_iter();
    let header = records
        .next()
        .ok_or_else(|| ImportError::file(&source.name, Problem::Empty))?;
    Ok(Table {
        header,
        rows: records.enumerate().map(|(i, r)| (i + 2, r)).collect(),
    })
}

/// The most an Excel file may hold unpacked: a sheet that inflates past it (a "zip
/// bomb", or a file no forms system writes) is refused before it is read.
const MAX_XLSX_UNPACKED: u64 = super::MAX_FILE_BYTES as u64;

/// What a zip file says its entries hold unpacked, from its central directory; `None`
/// where it cannot say (no directory, or sizes in Zip64 form, which no forms export
/// needs).
fn zip_unpacked_size(bytes: &[u8]) -> Option<u64> {
    let u16_at = |at: usize| Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    // The end-of-directory record: its signature, searched from the end (a comment
    // of up to 64 KiB may follow it).
    let search_from = bytes.len().saturating_sub(22 + 65_535);
    let end = (search_from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&at| u32_at(at) == Some(0x0605_4b50))?;
    let entries = u16_at(end + 10)?;
    let mut at = usize::try_from(u32_at(end + 16)?).ok()?;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if u32_at(at)? != 0x0201_4b50 {
            return None;
        }
        let unpacked = u32_at(at + 24)?;
        if unpacked == u32::MAX {
            return None;
        }
        total = total.saturating_add(u64::from(unpacked));
        let names = usize::from(u16_at(at + 28)?)
            + usize::from(u16_at(at + 30)?)
            + usize::from(u16_at(at + 32)?);
        at = at.checked_add(46 + names)?;
    }
    Some(total)
}

fn read_xlsx(source: &Source) -> Result<Table, ImportError> {
    use calamine::{Reader, Xlsx};
    match zip_unpacked_size(&source.bytes) {
        Some(size) if size <= MAX_XLSX_UNPACKED => {}
        Some(_) => {
            let limit = super::MAX_FILE_BYTES;
            return Err(ImportError::file(&source.name, Problem::TooLarge { limit }));
        }
        None => {
            let problem = Problem::NotWorkbook { words: None };
            return Err(ImportError::file(&source.name, problem));
        }
    }
    let unreadable = |words: String| {
        let problem = Problem::NotWorkbook { words: Some(words) };
        ImportError::file(&source.name, problem)
    };
    // A count of shared strings makes calamine reserve room for them all before
    // reading one: a count of billions in a file of kilobytes is refused first.
    if let Some(words) = implausible_shared_strings(&source.bytes) {
        return Err(unreadable(words));
    }
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(source.bytes.as_slice()))
            .map_err(|e: calamine::XlsxError| unreadable(e.to_string()))?;
    let Some(first_sheet) = workbook.sheet_names().into_iter().next() else {
        return Err(ImportError::file(&source.name, Problem::Empty));
    };
    // The cells one by one, not as a range: a range is as large as the rectangle
    // from the first cell to the last, and a file of two cells (A1 and XFD1048576)
    // asked for billions. Only cells that hold something are kept.
    let mut cells: Vec<(u32, u32, calamine::Data)> = Vec::new();
    {
        let mut reader = workbook
            .worksheet_cells_reader(&first_sheet)
            .map_err(|e| unreadable(e.to_string()))?;
        while let Some(cell) = reader.next_cell().map_err(|e| unreadable(e.to_string()))? {
            let value = calamine::Data::from(cell.get_value().clone());
            if value != calamine::Data::Empty {
                if cells.len() == MAX_TABLE_CELLS {
                    let problem = Problem::TooManyValues {
                        limit: MAX_TABLE_CELLS,
                    };
                    return Err(ImportError::file(&source.name, problem));
                }
                let (row, column) = cell.get_position();
                cells.push((row, column, value));
            }
        }
    }
    Ok(table_of_cells(cells))
}

/// The table sparse cells make: the first row that holds something is the header, the
/// first column that does is the first column; rows that hold nothing are left out. A
/// row is never wider than the header and one more cell (the first value past the
/// last column, which the parse refuses): a stray value far to the right costs no more
/// than one near.
fn table_of_cells(mut cells: Vec<(u32, u32, calamine::Data)>) -> Table {
    cells.sort_by_key(|(row, column, _)| (*row, *column));
    let first_column = cells
        .iter()
        .map(|(_, column, _)| *column)
        .min()
        .unwrap_or(0);
    let first_row = cells.first().map_or(0, |(row, _, _)| *row);
    let mut header: Vec<String> = Vec::new();
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut kinds: Vec<CellKind> = Vec::new();
    for (row, column, value) in cells {
        let at = (column - first_column) as usize;
        if row == first_row {
            if header.len() <= at {
                header.resize(at + 1, String::new());
            }
            header[at] = cell_text(&value, CellKind::Text);
            continue;
        }
        if kinds.len() != header.len() {
            kinds = header.iter().map(|h| CellKind::of(h.trim())).collect();
        }
        // Row numbers as the spreadsheet shows them.
        let number = row as usize + 1;
        if rows.last().is_none_or(|(n, _)| *n != number) {
            rows.push((number, Vec::new()));
        }
        let texts = &mut rows.last_mut().expect("pushed above").1;
        let at = at.min(header.len());
        if texts.len() <= at {
            texts.resize(at + 1, String::new());
        }
        let kind = kinds.get(at).copied().unwrap_or(CellKind::Text);
        texts[at] = cell_text(&value, kind);
    }
    Table { header, rows }
}

/// Where a workbook's shared strings claim more entries than their part could hold
/// (each takes at least `<si/>`, five bytes): the claim, as words for the message.
fn implausible_shared_strings(bytes: &[u8]) -> Option<String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let part = archive.by_name("xl/sharedStrings.xml").ok()?;
    let unpacked = part.size();
    let mut head = Vec::new();
    part.take(4096).read_to_end(&mut head).ok()?;
    let head = String::from_utf8_lossy(&head);
    let count_at = head.find("uniqueCount=\"")? + "uniqueCount=\"".len();
    let digits: String = head[count_at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let count: u64 = digits.parse().unwrap_or(u64::MAX);
    (count > unpacked / 5)
        .then(|| format!("xl/sharedStrings.xml: uniqueCount=\"{digits}\" in {unpacked} bytes"))
}

/// What a column holds, for reading a spreadsheet's cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CellKind {
    Text,
    Date,
    DateTime,
}

impl CellKind {
    fn of(column: &str) -> CellKind {
        match column {
            "submitted" => CellKind::DateTime,
            "period_start" | "period_end" => CellKind::Date,
            _ => CellKind::Text,
        }
    }
}

/// A cell as the text the JSON form would hold: numbers as Norwegian amounts (`450000`,
/// `450000,50`), dates as ISO (`2022-01-01`), a date and time as local time
/// (`2021-07-30T13:45:00`, read as Norwegian time). A number in a date column is the
/// date a spreadsheet stores (days since 1899-12-30), shown without a date format.
fn cell_text(cell: &calamine::Data, kind: CellKind) -> String {
    use calamine::Data;
    let when = |at: chrono::NaiveDateTime| match kind {
        CellKind::DateTime => at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        _ if at.time() != chrono::NaiveTime::MIN => at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        _ => at.format("%Y-%m-%d").to_string(),
    };
    match cell {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) if kind != CellKind::Text => i32::try_from(*i)
            .ok()
            .and_then(|days| serial_date(f64::from(days)))
            .map_or_else(|| i.to_string(), when),
        Data::Float(f) if kind != CellKind::Text => {
            serial_date(*f).map_or_else(|| float_text(*f), when)
        }
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_datetime().map_or_else(|| float_text(d.as_f64()), when),
        Data::Error(e) => format!("#{e}"),
        Data::Empty => String::new(),
    }
}

/// A spreadsheet's serial date: days since 1899-12-30, the fraction the time of day.
fn serial_date(serial: f64) -> Option<chrono::NaiveDateTime> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    // Whole seconds: a time read back from a float is off by a few microseconds. The
    // range above keeps the product well inside i64.
    #[allow(clippy::cast_possible_truncation)]
    let seconds = (serial * 86_400.0).round() as i64;
    epoch.checked_add_signed(chrono::Duration::seconds(seconds))
}

/// A spreadsheet number as text: whole numbers without decimals, øre with a comma. A
/// number with more than two decimals keeps them, so the amount rule refuses it rather
/// than this rounding it quietly.
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{f:.0}");
    }
    let cents = (f * 100.0).round();
    if (f * 100.0 - cents).abs() < 1e-6 {
        format!("{f:.2}").replace('.', ",")
    } else {
        f.to_string().replace('.', ",")
    }
}

fn check_header(file: &str, header: &[String]) -> Result<(), ImportError> {
    let at = |column: &str, problem| ImportError {
        row: Some(1),
        file: file.to_string(),
        item: None,
        field: Some(column.to_string()),
        problem,
    };
    let mut seen = BTreeSet::new();
    for column in header {
        let known = COLUMNS.contains(&column.as_str())
            || column
                .strip_prefix(AMOUNT_PREFIX)
                .is_some_and(|pot| !pot.is_empty());
        if !known {
            return Err(at(column, Problem::UnknownColumn));
        }
        if !seen.insert(column.as_str()) {
            return Err(at(column, Problem::Duplicate { id: column.clone() }));
        }
    }
    if let Some(missing) = REQUIRED.iter().find(|c| !seen.contains(**c)) {
        return Err(at(missing, Problem::Missing));
    }
    if !header.iter().any(|c| c.starts_with(AMOUNT_PREFIX)) {
        return Err(at("amount_<pot>", Problem::Missing));
    }
    Ok(())
}

/// A row as the JSON object of an application: empty cells are absent.
fn row_object(header: &[String], cells: &[String]) -> Value {
    let mut object = Map::new();
    let mut requests = Vec::new();
    let mut contact = Map::new();
    let mut period = Map::new();
    for (column, cell) in header.iter().zip(cells) {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        let text = || Value::String(cell.to_string());
        match column.as_str() {
            "contact_name" => drop(contact.insert("name".into(), text())),
            "contact_email" => drop(contact.insert("email".into(), text())),
            "period_start" => drop(period.insert("start".into(), text())),
            "period_end" => drop(period.insert("end".into(), text())),
            "municipalities" => {
                // Numbers as people list them: `3403;3411`, `3403, 3411` or `3403 3411`.
                let numbers = cell
                    .split([';', ',', ' '])
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(|n| Value::String(n.to_string()))
                    .collect();
                object.insert(column.clone(), Value::Array(numbers));
            }
            "bufetat" => {
                let value = match cell.to_lowercase().as_str() {
                    "ja" | "yes" | "true" | "1" | "x" => Value::Bool(true),
                    "nei" | "no" | "false" | "0" => Value::Bool(false),
                    _ => text(),
                };
                object.insert(column.clone(), value);
            }
            "project_leader_percent" => {
                let value = cell
                    .trim_end_matches('%')
                    .trim()
                    .parse::<u64>()
                    .map_or_else(|_| text(), Value::from);
                object.insert(column.clone(), value);
            }
            other => match other.strip_prefix(AMOUNT_PREFIX) {
                Some(pot) => requests.push(serde_json::json!({"pot": pot, "amount": cell})),
                None => drop(object.insert(column.clone(), text())),
            },
        }
    }
    if !object.contains_key("municipalities") {
        object.insert("municipalities".into(), Value::Array(Vec::new()));
    }
    object.insert("requests".into(), Value::Array(requests));
    if !contact.is_empty() {
        object.insert("contact".into(), Value::Object(contact));
    }
    if !period.is_empty() {
        object.insert("period".into(), Value::Object(period));
    }
    Value::Object(object)
}

/// An error about a row's JSON form, placed by row and column.
fn at_row(mut error: ImportError, row: usize, value: &Value, header: &[String]) -> ImportError {
    error.row = Some(row);
    error.field = error.field.map(|field| column_of(&field, value, header));
    error
}

/// The column a field of the JSON form came from.
fn column_of(field: &str, value: &Value, header: &[String]) -> String {
    let head = field.split(['.', '[']).next().unwrap_or(field);
    match head {
        "contact" if field == "contact.email" => "contact_email".into(),
        "contact" => "contact_name".into(),
        "period" if field == "period.end" => "period_end".into(),
        "period" => "period_start".into(),
        "requests" => {
            // `requests[2].amount`: the pot of that request names the column.
            let index = field
                .strip_prefix("requests[")
                .and_then(|rest| rest.split(']').next())
                .and_then(|i| i.parse::<usize>().ok());
            let pot = index.and_then(|i| value.get("requests")?.get(i)?.get("pot")?.as_str());
            match pot {
                Some(pot) => format!("{AMOUNT_PREFIX}{pot}"),
                // No request at all: every amount column of the table was empty.
                None => header
                    .iter()
                    .filter(|c| c.starts_with(AMOUNT_PREFIX))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("/"),
            }
        }
        _ => head.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> Source {
        Source {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    const HEADER: &str = "reference,round,network,submitted,title,lead_municipality,municipalities,amount_egeninitiert,amount_fosterhjem,bufetat,period_start,period_end";

    #[test]
    fn a_row_is_an_application() {
        let text = format!(
            "{HEADER}\nVL-1,vestland-2021,hordaland,2021-06-30 23:30,Felles opplæring,4622,4622;4624,\"450 000\",,ja,2021-09-01,2022-12-31\n,,,,,,,,,,,\n"
        );
        let parsed = parse_table(&source("s.csv", &text)).unwrap();
        assert_eq!(parsed.len(), 1);
        let (application, _, _) = parsed[0].as_ref().unwrap();
        assert_eq!(application.reference, "VL-1");
        assert_eq!(application.municipalities, vec!["4622", "4624"]);
        assert_eq!(application.requests.len(), 1);
        assert_eq!(application.requests[0].pot, "egeninitiert");
        assert_eq!(application.bufetat, Some(true));
        assert!(application.period.is_some());
        // Norwegian time: 23:30 in summer is 21:30 UTC.
        assert_eq!(
            application.submitted.to_rfc3339(),
            "2021-06-30T23:30:00+02:00"
        );
    }

    #[test]
    fn semicolons_and_errors_by_row_and_column() {
        let text = "reference;round;network;submitted;title;lead_municipality;amount_egeninitiert\nVL-1;r;n;2021-06-30T10:00:00+02:00;T;4622;450 000\nVL-2;r;n;2021-06-30T10:00:00+02:00;T;4622;mange\n";
        let rows = parse_table(&source("s.csv", text)).unwrap();
        assert!(rows[0].is_ok());
        let error = rows[1].as_ref().unwrap_err();
        assert_eq!(error.row, Some(3));
        assert_eq!(error.item.as_deref(), Some("VL-2"));
        assert_eq!(error.field.as_deref(), Some("amount_egeninitiert"));
    }

    #[test]
    fn the_header_is_checked_first() {
        let unknown = format!("{HEADER},farge\n");
        let error = parse_table(&source("s.csv", &unknown)).unwrap_err();
        assert_eq!(
            (error.row, error.field.as_deref(), error.problem),
            (Some(1), Some("farge"), Problem::UnknownColumn)
        );
        let missing = "reference,round,network,submitted,title,amount_x\n";
        let error = parse_table(&source("s.csv", missing)).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("lead_municipality"));
        let twice = format!("{HEADER},title\n");
        let error = parse_table(&source("s.csv", &twice)).unwrap_err();
        assert!(matches!(error.problem, Problem::Duplicate { .. }));
    }

    #[test]
    fn an_excel_file_that_unpacks_too_far_is_refused_unread() {
        // A zip whose directory says one entry unpacks to 4 GiB − 1.
        let mut bytes = Vec::new();
        let directory = bytes.len();
        bytes.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        bytes.extend_from_slice(&[0; 20]);
        bytes.extend_from_slice(&(u32::MAX - 1).to_le_bytes());
        bytes.extend_from_slice(&[0; 18]);
        bytes.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        bytes.extend_from_slice(&[0; 6]);
        bytes.extend_from_slice(&1u16.to_le_bytes());
        bytes.extend_from_slice(&[0; 4]);
        bytes.extend_from_slice(&u32::try_from(directory).unwrap().to_le_bytes());
        bytes.extend_from_slice(&[0; 2]);
        assert_eq!(zip_unpacked_size(&bytes), Some(u64::from(u32::MAX - 1)));
        let source = Source {
            name: "bombe.xlsx".into(),
            bytes,
        };
        let error = parse_table(&source).unwrap_err();
        assert!(
            matches!(error.problem, Problem::TooLarge { .. }),
            "{error:?}"
        );
    }

    #[test]
    fn spreadsheet_numbers_become_amounts() {
        assert_eq!(float_text(450_000.0), "450000");
        assert_eq!(float_text(450_000.5), "450000,50");
        assert_eq!(float_text(0.125), "0,125");
    }

    #[test]
    fn a_shared_strings_count_larger_than_its_part_is_caught_before_calamine() {
        use std::io::Write;
        let workbook = |sst: &str| {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default();
            zip.start_file("xl/sharedStrings.xml", options).unwrap();
            zip.write_all(sst.as_bytes()).unwrap();
            zip.finish().unwrap().into_inner()
        };
        let honest = r#"<sst count="2" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>"#;
        assert_eq!(super::implausible_shared_strings(&workbook(honest)), None);
        let bomb = r#"<sst count="4000000000" uniqueCount="4000000000"><si><t>a</t></si></sst>"#;
        let words = super::implausible_shared_strings(&workbook(bomb)).unwrap();
        assert!(words.contains("4000000000"), "{words}");
        // A real workbook's count passes.
        let mut written = rust_xlsxwriter::Workbook::new();
        written
            .add_worksheet()
            .write_string(0, 0, "reference")
            .unwrap();
        let bytes = written.save_to_buffer().unwrap();
        assert_eq!(super::implausible_shared_strings(&bytes), None);
    }
}
