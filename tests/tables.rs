//! Applications as a forms system exports them (CSV and Excel), and the export to Excel.

use crate::util::TestDb;

const HEADER: &str = "reference,round,network,submitted,title,lead_municipality,municipalities,contact_name,contact_email,competence_partner,bufetat,project_leader_percent,period_start,period_end,summary,plan,amount_egeninitiert,amount_fosterhjem";

/// A CSV from a forms system imports like JSON: same cases, and again is a no-op.
#[test]
fn applications_from_csv_become_cases() {
    let db = TestDb::with_registry();
    let csv = format!(
        "{HEADER}\n\
         CSV-1,innlandet-2022,innlandet-sor,30.07.2021 13:45,Felles basisopplæring,3403,3403;3411,Kari Li,kari@hamar.kommune.no,Høgskolen i Innlandet,ja,40,2021-09-01,2022-12-31,Kort om det,Planen,\"450 000\",\n\
         csv-2,innlandet-2022,innlandet-sor,2021-07-31T10:00:00+02:00,Fosterhjem i nettverk,3411,3411;3403,,,,nei,,,,,,,\"300 000,50\"\n"
    );
    let file = db.file("skjema.csv", csv);
    db.run(&["import", "applications", &file])
        .ok()
        .stdout_has(&["2 nye"]);
    let shown = db.show("CSV-1");
    assert_eq!(shown["title"], "Felles basisopplæring");
    assert_eq!(shown["requested"], "450000");
    assert_eq!(shown["contact"]["email"], "kari@hamar.kommune.no");
    let second = db.show("CSV-2");
    assert_eq!(second["requested"], "300000.50");
    db.run(&["import", "applications", &file])
        .ok()
        .stdout_has(&["0 nye", "2 fantes fra før uendret"]);
}

/// Errors name the file, the row, the reference and the column; nothing is stored.
#[test]
fn table_errors_name_row_reference_and_column() {
    let db = TestDb::with_registry();
    let good = "CSV-1,innlandet-2022,innlandet-sor,2021-07-30T13:45:00+02:00,T,3403,3403,,,HINN,,,,,,,450000,";
    let bad_amount = "CSV-2,innlandet-2022,innlandet-sor,2021-07-30T13:45:00+02:00,T,3403,3403,,,HINN,,,,,,,mange,";
    let file = db.file("feil.csv", format!("{HEADER}\n{good}\n{bad_amount}\n"));
    db.run(&["import", "applications", &file])
        .refused()
        .stderr_has(&["feil.csv", "rad 3", "CSV-2", "kolonnen amount_egeninitiert"]);
    assert_eq!(db.case_count(), 0);
    let unknown = db.file("kolonne.csv", format!("{HEADER},farge\n{good},rød\n"));
    db.run(&["import", "applications", &unknown])
        .refused()
        .stderr_has(&["kolonne.csv", "rad 1", "kolonnen farge", "reference"]);
    // A pot the round does not have is found against the store, and still placed.
    let pot = db.file(
        "pott.csv",
        "reference,round,network,submitted,title,lead_municipality,amount_ukjent\n\
         CSV-3,innlandet-2022,innlandet-sor,2021-07-30T13:45:00+02:00,T,3403,1000\n",
    );
    db.run(&["import", "applications", &pot])
        .refused()
        .stderr_has(&["pott.csv", "rad 2", "CSV-3", "kolonnen amount_ukjent"]);
    assert_eq!(db.case_count(), 0);
    // Values past the last column (a stray separator, a shifted row) would be lost:
    // refused, naming the row; empty ones left by a spreadsheet are no values.
    let extra = db.file(
        "ekstra.csv",
        format!(
            "{HEADER}
{good},,
{bad_amount},rød,grønn
"
        ),
    );
    db.run(&["import", "applications", &extra])
        .refused()
        .stderr_has(&["ekstra.csv", "rad 3", "CSV-2", "20 verdier", "18 kolonner"]);
    assert_eq!(db.case_count(), 0);
    // No amount at all: the message names the amount columns, not a placeholder.
    let none = good.replace(",450000,", ",,");
    let empty = db.file("tom.csv", format!("{HEADER}\n{none}\n"));
    db.run(&["import", "applications", &empty])
        .refused()
        .stderr_has(&[
            "tom.csv",
            "rad 2",
            "amount_egeninitiert/amount_fosterhjem",
            "mangler",
        ]);
    // The first problem in row order wins, whether it needs the store (an unknown
    // round on row 2) or not (a bad amount on row 3).
    let round = good.replace("innlandet-2022", "innlandet-1999");
    let order = db.file(
        "rekkefølge.csv",
        format!(
            "{HEADER}
{round}
{bad_amount}
"
        ),
    );
    db.run(&["import", "applications", &order])
        .refused()
        .stderr_has(&["rekkefølge.csv", "rad 2", "CSV-1", "innlandet-1999"]);
    assert_eq!(db.case_count(), 0);
}

/// An Excel sheet with numbers and date cells imports; the export to Excel carries the
/// amounts as numbers.
#[test]
fn applications_from_excel_and_the_export_to_excel() {
    use calamine::{Data, Reader, Xlsx};
    use rust_xlsxwriter::{ExcelDateTime, Workbook};
    let db = TestDb::with_registry();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = [
        "reference",
        "round",
        "network",
        "submitted",
        "title",
        "lead_municipality",
        "municipalities",
        "competence_partner",
        "period_start",
        "period_end",
        "amount_egeninitiert",
    ];
    for (column, name) in header.iter().enumerate() {
        sheet
            .write_string(0, u16::try_from(column).unwrap(), *name)
            .unwrap();
    }
    let submitted = ExcelDateTime::from_ymd(2021, 7, 30)
        .unwrap()
        .and_hms(13, 45, 0)
        .unwrap();
    for (row, reference) in [(1, "XL-1"), (2, "XL-2")] {
        sheet.write_string(row, 0, reference).unwrap();
        sheet.write_string(row, 1, "innlandet-2022").unwrap();
        sheet.write_string(row, 2, "innlandet-sor").unwrap();
        sheet.write_datetime(row, 3, &submitted).unwrap();
        sheet.write_string(row, 4, "Felles opplæring").unwrap();
        sheet.write_number(row, 5, 3403).unwrap();
        sheet.write_string(row, 6, "3403;3411").unwrap();
        sheet.write_string(row, 7, "HINN").unwrap();
        sheet
            .write_datetime(row, 8, ExcelDateTime::from_ymd(2021, 9, 1).unwrap())
            .unwrap();
        sheet
            .write_datetime(row, 9, ExcelDateTime::from_ymd(2022, 12, 31).unwrap())
            .unwrap();
        sheet.write_number(row, 10, 450_000.5).unwrap();
    }
    let path = db.dir.path().join("skjema.xlsx");
    std::fs::write(&path, workbook.save_to_buffer().unwrap()).unwrap();
    db.run(&["import", "applications", path.to_str().unwrap()])
        .ok()
        .stdout_has(&["2 nye"]);
    let shown = db.show("XL-2");
    assert_eq!(shown["requested"], "450000.50");
    assert!(
        shown["submitted"]
            .as_str()
            .unwrap()
            .starts_with("2021-07-30T13:45:00+02:00"),
        "{}",
        shown["submitted"]
    );
    db.run(&["allocate", "XL-1", "egeninitiert", "200 000"])
        .ok();
    let out = db.dir.path().join("eksport.xlsx");
    db.run(&[
        "export",
        "--round",
        "innlandet-2022",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    let mut read: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let range = read.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows[0][0], Data::String("reference".into()));
    let xl1 = rows
        .iter()
        .find(|r| r[0] == Data::String("XL-1".into()))
        .unwrap();
    assert_eq!(xl1[5], Data::Float(450_000.5));
    assert_eq!(xl1[6], Data::Float(200_000.0));
}

/// A workbook is read cell by cell: a value far out (the sheet's last cell) costs no
/// more than one near, and is refused at its row; blank rows between applications are
/// skipped. As a rectangle from A1 to that cell, the sheet asked for billions of cells.
#[test]
fn a_stray_value_in_the_last_cell_of_a_sheet_is_refused_at_its_row() {
    use rust_xlsxwriter::Workbook;
    let db = TestDb::with_registry();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // The required columns (the first six of the forms system's) and one pot's.
    let header = HEADER.split(',').take(6).chain(["amount_egeninitiert"]);
    for (column, name) in header.enumerate() {
        sheet
            .write_string(0, u16::try_from(column).unwrap(), name)
            .unwrap();
    }
    let row = [
        "XL-9",
        "innlandet-2022",
        "innlandet-sor",
        "2021-07-30T13:45:00+02:00",
        "Felles opplæring",
        "3403",
        "1000",
    ];
    for (column, value) in row.iter().enumerate() {
        // Row 4: rows 2 and 3 are blank.
        sheet
            .write_string(3, u16::try_from(column).unwrap(), *value)
            .unwrap();
    }
    sheet.write_string(1_048_575, 16_383, "stray").unwrap();
    let path = db.dir.path().join("far.xlsx");
    std::fs::write(&path, workbook.save_to_buffer().unwrap()).unwrap();
    db.run(&["import", "applications", path.to_str().unwrap()])
        .refused()
        .stderr_has(&[
            "far.xlsx",
            "rad 1048576",
            "overskriften har bare 7 kolonner",
        ]);
    assert_eq!(db.case_count(), 0);
}
