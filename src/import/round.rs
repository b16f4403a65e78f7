//! Rounds with their pots (TOML): one round at the top level of a file, or several as
//! `[[round]]` tables.

use std::collections::BTreeSet;

use super::fields::Item;
use super::node::Node;
use super::{ImportError, Problem, Source, toml_value};
use crate::domain::{LanguageForm, Office, Pot, Round, RoundTerms};

/// Every round of every file, each with the index of its file.
pub fn parse_rounds(sources: &[Source]) -> Result<Vec<(usize, Round, RoundTerms)>, ImportError> {
    let mut rounds = Vec::new();
    let mut seen = BTreeSet::new();
    for (file_index, source) in sources.iter().enumerate() {
        let value = toml_value(source)?;
        let root = Item::new(&source.name, None, &value)?;
        let entries: Vec<&Node> = if root.object.contains_key("round") {
            root.only(&["round"])?;
            root.list("round")?.iter().collect()
        } else {
            vec![&value]
        };
        for (i, entry) in entries.into_iter().enumerate() {
            let (round, terms) = parse_round(&source.name, i, entry)?;
            if !seen.insert(round.id.clone()) {
                return Err(ImportError {
                    row: None,
                    file: source.name.clone(),
                    item: Some(round.id.clone()),
                    field: Some("id".into()),
                    problem: Problem::Duplicate { id: round.id },
                });
            }
            rounds.push((file_index, round, terms));
        }
    }
    Ok(rounds)
}

fn parse_round(
    file: &str,
    index: usize,
    value: &Node<'_>,
) -> Result<(Round, RoundTerms), ImportError> {
    let label = value
        .get("id")
        .and_then(Node::as_str)
        .map_or_else(|| format!("[[round]] #{}", index + 1), str::to_string);
    let item = Item::new(file, Some(label), value)?;
    item.only(&[
        "id",
        "county",
        "year",
        "deadline",
        "funds_used_by",
        "four_eyes",
        "appeal_rights",
        "pot",
        "counties",
        "report_due",
        "office",
    ])?;
    let mut pots: Vec<Pot> = Vec::new();
    for (i, entry) in item.list("pot")?.iter().enumerate() {
        let pot = item.nested(&format!("pot[{i}]"), entry)?;
        pot.only(&["id", "name", "name_nn", "total", "partner_required"])?;
        let id = pot.key("id")?;
        if pots
            .iter()
            .any(|p| p.id.to_lowercase() == id.to_lowercase())
        {
            return Err(pot.error("id", Problem::Duplicate { id }));
        }
        pots.push(Pot {
            name: pot.opt_text("name")?.unwrap_or_else(|| id.clone()),
            name_nn: pot.opt_text("name_nn")?,
            id,
            total: pot.amount("total")?,
            partner_required: pot.bool_or("partner_required", false)?,
        });
    }
    if pots.is_empty() {
        return Err(item.error("pot", Problem::Missing));
    }
    let year = item.int("year", 2000, 2100)?;
    let counties = item.texts("counties")?;
    // A body covering several counties names them all; `county` is then what the
    // screens show, by default the counties together.
    let county = if counties.is_empty() || item.object.contains_key("county") {
        item.id("county")?
    } else {
        counties.join(" og ")
    };
    let office = match item.object.get("office") {
        Some(value) => Some(parse_office(&item.nested("office", value)?)?),
        None => None,
    };
    let terms = RoundTerms {
        counties,
        report_due: item.opt_date("report_due")?,
        office,
    };
    let round = Round {
        id: item.key("id")?,
        county,
        year: i32::try_from(year).expect("checked range"),
        deadline: item.date("deadline")?,
        funds_used_by: item.opt_date("funds_used_by")?,
        four_eyes: item.bool_or("four_eyes", true)?,
        appeal_rights: item.bool_or("appeal_rights", false)?,
        pots,
    };
    Ok((round, terms))
}

/// The deciding body: its names, numbers and address, the appeal body, the form for
/// neutral municipalities, and what the decisions rest on.
fn parse_office(office: &super::fields::Item<'_>) -> Result<Office, ImportError> {
    office.only(&[
        "name",
        "name_nn",
        "org_number",
        "address",
        "appeal_body",
        "neutral_language",
        "guidelines",
        "call_date",
    ])?;
    let neutral_language = match office.opt_text("neutral_language")? {
        None => None,
        Some(_) => Some(
            match office
                .choice("neutral_language", &["bokmål", "nynorsk"], "bokmål")?
                .as_str()
            {
                "nynorsk" => LanguageForm::Nynorsk,
                _ => LanguageForm::Bokmal,
            },
        ),
    };
    // Every text is a line of a letter's heading or a sentence: one line, no controls,
    // within the length of an id.
    Ok(Office {
        name: office.id("name")?,
        name_nn: office.opt_line("name_nn")?,
        org_number: office.opt_line("org_number")?,
        address: office.opt_line("address")?,
        appeal_body: office.opt_line("appeal_body")?,
        neutral_language,
        guidelines: office.opt_line("guidelines")?,
        call_date: office.opt_date("call_date")?,
    })
}
