//! Applications (JSON): `{"applications": [...]}`.

use std::collections::BTreeSet;

use super::fields::Item;
use super::{ImportError, Problem, Source, json_value};
use crate::domain::{Application, BudgetLine, Contact, Period, Request};

/// All applications of all files, in order, each with the index of its file; a
/// reference twice in the batch is an error.
pub fn parse_applications(sources: &[Source]) -> Result<Vec<(usize, Application)>, ImportError> {
    let mut applications = Vec::new();
    let mut seen = BTreeSet::new();
    for (file_index, source) in sources.iter().enumerate() {
        let value = json_value(source)?;
        let list = match &value {
            serde_json::Value::Array(list) => list,
            serde_json::Value::Object(_) => {
                let root = Item::new(&source.name, None, &value)?;
                root.only(&["applications"])?;
                root.required("applications")?;
                root.list("applications")?
            }
            _ => {
                return Err(ImportError::file(
                    &source.name,
                    Problem::WrongType {
                        expected: std::borrow::Cow::Borrowed("object with \"applications\""),
                    },
                ));
            }
        };
        for (i, entry) in list.iter().enumerate() {
            let application = parse_application(&source.name, i, entry)?;
            if !seen.insert(application.reference.clone()) {
                return Err(ImportError {
                    file: source.name.clone(),
                    item: Some(application.reference.clone()),
                    field: Some("reference".into()),
                    problem: Problem::Duplicate {
                        id: application.reference,
                    },
                });
            }
            applications.push((file_index, application));
        }
    }
    Ok(applications)
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
];

fn parse_application(
    file: &str,
    index: usize,
    value: &serde_json::Value,
) -> Result<Application, ImportError> {
    let label = value
        .get("reference")
        .and_then(serde_json::Value::as_str)
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
        let pot = request.id("pot")?;
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
    Ok(Application {
        reference: item.id("reference")?,
        round: item.id("round")?,
        network: item.id("network")?,
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
    })
}
