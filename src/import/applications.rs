//! Applications (JSON): `{"applications": [...]}`.

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::value::RawValue;

use super::fields::Item;
use super::node::{Node, Object, RawList, UniqueFields, bounded, parse_bounded};
use super::{
    ImportError, MAX_ENTRIES_PER_FILE, MAX_LIST_ITEMS, MAX_SLOTS_PER_ENTRY, Problem, Source,
    json_problem, syntax, utf8,
};
use crate::domain::{Application, BudgetLine, CaseDetails, Contact, Period, Request, Theme};

/// All applications of all files, in order, each with the index of its file; a
/// reference twice in the batch is an error.
pub fn parse_applications(sources: &[Source]) -> Result<Vec<Parsed>, ImportError> {
    let mut applications = Vec::new();
    parse_applications_streamed(sources, std::convert::identity, |chunk| {
        applications.extend(chunk);
        Ok::<(), ImportError>(())
    })?;
    Ok(applications)
}

/// How many applications a streamed import reads, checks and writes at a time: small
/// enough that a chunk's parsed applications cost a few megabytes, large enough that
/// each chunk's writes fill whole pages.
pub const CHUNK: usize = 2048;

/// All applications of all files, in order, handed to `take` a chunk at a time while
/// another thread parses the next: a large import never holds all its applications at
/// once, and reading overlaps writing. A reference twice in the batch is an error.
/// `prepare` runs on the reading thread, over each chunk before it is handed on: the
/// work on a chunk that needs no database is done there, beside the writer.
///
/// Each file is checked for syntax whole before its first chunk; its applications are
/// then read one by one from their raw text. The first problem in file order ends it,
/// whether parsing finds it or `take`.
pub fn parse_applications_streamed<T: Send, E: From<ImportError>>(
    sources: &[Source],
    prepare: impl Fn(Vec<Parsed>) -> T + Sync,
    mut take: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    std::thread::scope(|scope| {
        // One chunk parsed ahead, at most: memory stays a chunk or two.
        let (send, chunks) = std::sync::mpsc::sync_channel::<ChunkRead<T>>(1);
        let prepare = &prepare;
        scope.spawn(move || read_chunks(sources, prepare, &send));
        for chunk in chunks {
            let Chunk { parsed, problem } = chunk?;
            // The applications before a problem are checked first: one of them may have
            // an earlier problem (an unknown round), and the first in file order is the
            // one reported.
            take(parsed)?;
            if let Some(problem) = problem {
                return Err(problem.into());
            }
        }
        // Dropping the receiver (on an error above) ends the reader at its next send.
        Ok(())
    })
}

/// Up to [`CHUNK`] applications of one file, read in order and prepared, and the
/// problem that ended the reading after them, if one did.
struct Chunk<T> {
    parsed: T,
    problem: Option<ImportError>,
}

/// A chunk, or a file that could not be read at all.
type ChunkRead<T> = Result<Chunk<T>, ImportError>;

/// Reads every file's applications a chunk at a time into `to`, until all are read, a
/// problem ends it (said with the chunk it ends), or nobody listens any more. All of
/// this runs beside the writer's thread: parsing, the digests, and the references seen,
/// which are compared without regard to case (`A-1` and `a-1` are one case).
fn read_chunks<T>(
    sources: &[Source],
    prepare: &impl Fn(Vec<Parsed>) -> T,
    to: &std::sync::mpsc::SyncSender<ChunkRead<T>>,
) {
    let mut seen = HashSet::new();
    for (file_index, source) in sources.iter().enumerate() {
        let mut entries = match entries_of(source) {
            Ok(entries) => entries,
            Err(e) => {
                let _ = to.send(Err(e));
                return;
            }
        };
        loop {
            let mut parsed = Vec::with_capacity(CHUNK);
            let mut problem = None;
            for entry in entries.by_ref().take(CHUNK) {
                let (application, given, folded) = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        problem = Some(e);
                        break;
                    }
                };
                if !seen.insert(crate::domain::text::reference_key(&application.reference)) {
                    problem = Some(ImportError {
                        row: None,
                        file: source.name.clone(),
                        item: Some(application.reference.clone()),
                        field: Some("reference".into()),
                        problem: Problem::Duplicate {
                            id: application.reference,
                        },
                    });
                    break;
                }
                let digest = application.digest();
                parsed.push(Parsed {
                    application,
                    with: Accompanying {
                        file_index,
                        digest,
                        given,
                        folded,
                    },
                });
            }
            if parsed.is_empty() && problem.is_none() {
                break;
            }
            let ended = problem.is_some();
            let parsed = prepare(parsed);
            if to.send(Ok(Chunk { parsed, problem })).is_err() || ended {
                return;
            }
        }
    }
}

/// A file's applications, each read when asked for: a table is read whole first (its
/// rows are short), a JSON file is checked for syntax whole, then read entry by entry.
fn entries_of(
    source: &Source,
) -> Result<Box<dyn Iterator<Item = Result<ParsedEntry, ImportError>> + '_>, ImportError> {
    if super::table::is_table(&source.name) {
        return Ok(Box::new(super::table::parse_table(source)?.into_iter()));
    }
    let raw = raw_entries(source)?;
    Ok(Box::new(
        raw.into_iter()
            .enumerate()
            .map(move |(i, raw)| parse_raw(&source.name, i, raw)),
    ))
}

/// One application read from a file, and what comes with it.
pub struct Parsed {
    pub application: Application,
    pub with: Accompanying,
}

/// What comes with an application read from a file.
pub struct Accompanying {
    /// Which of the sources it came from.
    pub file_index: usize,
    /// The application's digest ([`Application::digest`]), computed as it was read.
    pub digest: String,
    pub given: Given,
    /// One-line fields whose line breaks or control characters were folded away, as
    /// warnings placed like errors (problem [`Problem::Folded`]), each with the
    /// original text.
    pub folded: Vec<(ImportError, String)>,
}

/// What a file gives of a case besides its application.
#[derive(Debug)]
pub struct Given {
    pub details: CaseDetails,
    /// The themes the file gives, where it gives any.
    pub themes: Option<Vec<Theme>>,
}

/// An application, its details and what was folded, as one entry's parse gives them.
pub(super) type ParsedEntry = (Application, Given, Vec<(ImportError, String)>);

/// The fields of one line that a paste may have broken (names, titles, references
/// given by people): folded to one line with a warning, where an id is refused.
const ONE_LINE_FIELDS: [&str; 5] = [
    "title",
    "competence_partner",
    "archive_reference",
    "applicant_reference",
    "contact",
];

/// Folds the one-line fields of an application object, saying which and what they held.
fn fold_one_line_fields<'a>(
    file: &str,
    mut value: Node<'a>,
) -> (Node<'a>, Vec<(ImportError, String)>) {
    let mut folded = Vec::new();
    let label = value
        .get("reference")
        .and_then(Node::as_str)
        .map(str::to_string);
    let mut fold = |field: String, slot: &mut Node<'a>| {
        if let Node::String(text) = slot {
            if let Some(line) = crate::domain::text::fold_to_line(text) {
                let original = std::mem::replace(text, line.into()).into_owned();
                let warning = ImportError {
                    row: None,
                    file: file.to_string(),
                    item: label.clone(),
                    field: Some(field),
                    problem: Problem::Folded,
                };
                folded.push((warning, original));
            }
        }
    };
    let Some(object) = value.as_object_mut() else {
        return (value, folded);
    };
    for field in ONE_LINE_FIELDS {
        match object.get_mut(field) {
            Some(Node::Object(contact)) => {
                for part in ["name", "email", "phone"] {
                    if let Some(slot) = contact.get_mut(part) {
                        fold(format!("{field}.{part}"), slot);
                    }
                }
            }
            Some(slot) => fold(field.to_string(), slot),
            None => {}
        }
    }
    if let Some(Node::Array(lines)) = object.get_mut("budget") {
        for (i, line) in lines.iter_mut().enumerate() {
            if let Some(slot) = line.as_object_mut().and_then(|line| line.get_mut("item")) {
                fold(format!("budget[{i}].item"), slot);
            }
        }
    }
    (value, folded)
}

/// The raw text of each application in a file: `[...]` or `{"applications": [...]}`.
fn raw_entries(source: &Source) -> Result<Vec<&RawValue>, ImportError> {
    let text = utf8(source)?;
    let shape_error = || {
        ImportError::file(
            &source.name,
            Problem::WrongType {
                expected: Cow::Borrowed("object with \"applications\""),
            },
        )
    };
    // Each pass over a large file costs: the root is read once, the list once more.
    match text.trim_start().as_bytes().first() {
        Some(b'[') => bounded(MAX_ENTRIES_PER_FILE, || serde_json::from_str(text))
            .map(|RawList(entries)| entries)
            .map_err(|e| syntax(source, &e)),
        Some(b'{') => {
            let UniqueFields(fields): UniqueFields<&RawValue> =
                bounded(MAX_LIST_ITEMS, || serde_json::from_str(text))
                    .map_err(|e| syntax(source, &e))?;
            // The root's fields are checked as any item's are, on a stand-in whose
            // list is empty: the same messages, without reading the list twice.
            let mut stand_in = Object::default();
            for (key, raw) in &fields {
                let value = if raw.get().trim_start().starts_with('[') {
                    Node::Array(Vec::new())
                } else {
                    parse_bounded(raw.get(), MAX_SLOTS_PER_ENTRY).unwrap_or(Node::Null)
                };
                stand_in.push(key.as_str(), value);
            }
            let stand_in = Node::Object(stand_in);
            let root = Item::new(&source.name, None, &stand_in)?;
            root.only(&["applications"])?;
            root.required("applications")?;
            root.list("applications")?;
            let list = fields
                .iter()
                .find(|(key, _)| key == "applications")
                .map(|(_, raw)| *raw)
                .ok_or_else(shape_error)?;
            bounded(MAX_ENTRIES_PER_FILE, || serde_json::from_str(list.get()))
                .map(|RawList(entries)| entries)
                .map_err(|e| syntax(source, &e))
        }
        // Not JSON at all is a syntax error, where it breaks; other JSON is the wrong shape.
        _ => match serde_json::from_str::<&RawValue>(text) {
            Err(e) => Err(syntax(source, &e)),
            Ok(_) => Err(shape_error()),
        },
    }
}

/// One entry's raw text read into an application; `index` counts from 0 in its file.
fn parse_raw(file: &str, index: usize, raw: &RawValue) -> Result<ParsedEntry, ImportError> {
    let value = parse_bounded(raw.get(), MAX_SLOTS_PER_ENTRY).map_err(|e| ImportError {
        row: None,
        file: file.to_string(),
        item: Some(format!("#{}", index + 1)),
        field: None,
        problem: json_problem(&e, None),
    })?;
    parse_application(file, index, value)
}

const FIELDS: &[&str] = &[
    "reference",
    "round",
    "network",
    "submitted",
    "title",
    "lead_municipality",
    "municipalities",
    "contact",
    "requests",
    "competence_partner",
    "bufetat",
    "project_leader_percent",
    "period",
    "summary",
    "plan",
    "budget",
    "archive_reference",
    "applicant_reference",
    "payee",
    "themes",
];

pub(super) fn parse_application(
    file: &str,
    index: usize,
    value: Node<'_>,
) -> Result<ParsedEntry, ImportError> {
    // Folded in place: the object is this entry's own, so no copy of it is made.
    let (folded_value, folded) = fold_one_line_fields(file, value);
    let (application, given) = parse_folded(file, index, &folded_value)?;
    Ok((application, given, folded))
}

/// An application whose one-line fields are folded already.
fn parse_folded(
    file: &str,
    index: usize,
    value: &Node<'_>,
) -> Result<(Application, Given), ImportError> {
    let label = value
        .get("reference")
        .and_then(Node::as_str)
        .filter(|r| !r.trim().is_empty())
        .map_or_else(|| format!("#{}", index + 1), str::to_string);
    let item = Item::new(file, Some(label), value)?;
    item.only(FIELDS)?;
    let lead = item.text("lead_municipality")?;
    let lead_municipality = item.municipality_number("lead_municipality", &lead)?;
    let municipalities = item
        .texts("municipalities")?
        .iter()
        .enumerate()
        .map(|(i, n)| item.municipality_number(&format!("municipalities[{i}]"), n))
        .collect::<Result<Vec<_>, _>>()?;
    let mut requests: Vec<Request> = Vec::new();
    for (i, entry) in item.list("requests")?.iter().enumerate() {
        let request = item.nested(&format!("requests[{i}]"), entry)?;
        request.only(&["pot", "amount"])?;
        let pot = request.key("pot")?;
        if requests.iter().any(|r| r.pot == pot) {
            return Err(request.error("pot", Problem::Duplicate { id: pot }));
        }
        requests.push(Request {
            pot,
            amount: request.amount("amount")?,
        });
    }
    if requests.is_empty() {
        return Err(item.error("requests", Problem::Missing));
    }
    let contact = match item.object.get("contact").filter(|v| !v.is_null()) {
        None => None,
        Some(value) => {
            let contact = item.nested("contact", value)?;
            contact.only(&["name", "email", "phone"])?;
            Some(Contact {
                name: contact.id("name")?,
                email: contact.opt_text("email")?,
                phone: contact.opt_text("phone")?,
            })
        }
    };
    let period = match item.object.get("period").filter(|v| !v.is_null()) {
        None => None,
        Some(value) => {
            let period = item.nested("period", value)?;
            period.only(&["start", "end"])?;
            let (start, end) = (period.date("start")?, period.date("end")?);
            if end < start {
                return Err(period.error("end", Problem::PeriodReversed));
            }
            Some(Period { start, end })
        }
    };
    let mut budget = Vec::new();
    for (i, entry) in item.list("budget")?.iter().enumerate() {
        let line = item.nested(&format!("budget[{i}]"), entry)?;
        line.only(&["item", "amount"])?;
        budget.push(BudgetLine {
            item: line.id("item")?,
            amount: line.amount("amount")?,
        });
    }
    let project_leader_percent = if item
        .object
        .get("project_leader_percent")
        .is_some_and(|v| !v.is_null())
    {
        Some(u32::try_from(item.int("project_leader_percent", 0, 100)?).expect("checked range"))
    } else {
        None
    };
    let details = parse_details(&item, &lead_municipality, &municipalities)?;
    let themes = parse_themes(&item)?;
    let application = Application {
        reference: item.key("reference")?,
        round: item.key("round")?,
        network: item.key("network")?,
        submitted: item.datetime("submitted")?,
        title: item.id("title")?,
        lead_municipality,
        municipalities,
        contact,
        requests,
        competence_partner: item.opt_text("competence_partner")?,
        bufetat: item.opt_bool("bufetat")?,
        project_leader_percent,
        period,
        summary: item.opt_text("summary")?,
        plan: item.opt_text("plan")?,
        budget,
    };
    Ok((application, Given { details, themes }))
}

/// The themes, as a list of ids or one text (`methods, leadership`); none where the
/// field is missing or empty, so an import never clears themes set by hand.
fn parse_themes(item: &Item<'_>) -> Result<Option<Vec<Theme>>, ImportError> {
    let words: Vec<String> = match item.object.get("themes") {
        None | Some(Node::Null) => return Ok(None),
        Some(Node::String(text)) => vec![text.to_string()],
        Some(_) => item.texts("themes")?,
    };
    let themes = Theme::parse_list(&words.join(" ")).map_err(|word| {
        item.error(
            "themes",
            Problem::InvalidChoice {
                value: word,
                allowed: Theme::ALL
                    .iter()
                    .map(|t| std::borrow::Cow::Borrowed(t.as_str()))
                    .collect(),
            },
        )
    })?;
    Ok((!themes.is_empty()).then_some(themes))
}

/// The archive's and the applicant's references, and the payee: one of the participating
/// municipalities (the lead by default).
fn parse_details(
    item: &Item<'_>,
    lead_municipality: &str,
    municipalities: &[String],
) -> Result<CaseDetails, ImportError> {
    let payee = match item.opt_text("payee")? {
        None => None,
        Some(number) => {
            let number = item.municipality_number("payee", &number)?;
            if number != lead_municipality && !municipalities.contains(&number) {
                let mut allowed = vec![std::borrow::Cow::Owned(lead_municipality.to_string())];
                // The lead is often listed among the municipalities too: named once.
                allowed.extend(
                    municipalities
                        .iter()
                        .filter(|m| *m != lead_municipality)
                        .cloned()
                        .map(std::borrow::Cow::Owned),
                );
                return Err(item.error(
                    "payee",
                    Problem::InvalidChoice {
                        value: number,
                        allowed,
                    },
                ));
            }
            Some(number)
        }
    };
    Ok(CaseDetails {
        archive_reference: item.opt_line("archive_reference")?,
        applicant_reference: item.opt_line("applicant_reference")?,
        payee,
    })
}
