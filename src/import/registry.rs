//! Municipalities (TOML or CSV) and networks (TOML).

use std::collections::BTreeSet;

use super::fields::Item;
use super::node::{Node, Object};
use super::{ImportError, Problem, Source, is_csv, toml_value, utf8};
use crate::domain::text::normalize;
use crate::domain::{LanguageForm, Municipality, MunicipalityDetails, Network, Person, Role};

/// Everything the registry files of one import hold.
#[derive(Debug, Default)]
pub struct RegistryBatch {
    pub municipalities: Vec<Municipality>,
    /// Municipalities from CSV, which has no language form or quality flag: those are
    /// kept from the stored record where there is one.
    pub csv_municipalities: Vec<Municipality>,
    pub networks: Vec<Network>,
    /// Where each network came from, for errors found later against stored data.
    pub network_files: Vec<String>,
    /// Official names and organisation numbers given, by municipality number.
    pub details: Vec<(String, MunicipalityDetails)>,
}

pub fn parse_registry(sources: &[Source]) -> Result<RegistryBatch, ImportError> {
    let mut batch = RegistryBatch::default();
    // TOML and CSV may both name a municipality (TOML adds the language form); within
    // one kind, a number twice is a mistake.
    let mut seen_numbers = BTreeSet::new();
    let mut seen_csv_numbers = BTreeSet::new();
    let mut seen_networks = BTreeSet::new();
    for source in sources {
        if is_csv(&source.name) || utf8(source)?.trim_start().starts_with("number,") {
            let municipalities = parse_csv(source)?;
            if municipalities.is_empty() {
                return Err(ImportError::file(&source.name, Problem::Empty));
            }
            for (m, details) in municipalities {
                if !seen_csv_numbers.insert(m.number.clone()) {
                    return Err(duplicate(&source.name, &m.number));
                }
                if details != MunicipalityDetails::default() {
                    batch.details.push((m.number.clone(), details));
                }
                batch.csv_municipalities.push(m);
            }
            continue;
        }
        let value = toml_value(source)?;
        let root = Item::new(&source.name, None, &value)?;
        root.only(&["municipality", "network"])?;
        // A file with nothing to import is the wrong file, not a quiet success.
        if root.list("municipality")?.is_empty() && root.list("network")?.is_empty() {
            return Err(ImportError::file(&source.name, Problem::Empty));
        }
        for (i, entry) in root.list("municipality")?.iter().enumerate() {
            let m = municipality(&source.name, i, entry)?;
            if !seen_numbers.insert(m.number.clone()) {
                return Err(duplicate(&source.name, &m.number));
            }
            let details = municipality_details(&source.name, entry)?;
            if details != MunicipalityDetails::default() {
                batch.details.push((m.number.clone(), details));
            }
            batch.municipalities.push(m);
        }
        for (i, entry) in root.list("network")?.iter().enumerate() {
            let n = network(&source.name, i, entry)?;
            if !seen_networks.insert(n.id.clone()) {
                return Err(duplicate(&source.name, &n.id));
            }
            batch.networks.push(n);
            batch.network_files.push(source.name.clone());
        }
    }
    Ok(batch)
}

fn duplicate(file: &str, id: &str) -> ImportError {
    ImportError {
        row: None,
        file: file.to_string(),
        item: Some(id.to_string()),
        field: None,
        problem: Problem::Duplicate { id: id.to_string() },
    }
}

/// The official name and organisation number of a municipality entry, where given.
fn municipality_details(file: &str, value: &Node<'_>) -> Result<MunicipalityDetails, ImportError> {
    let number = value.get("number").and_then(Node::as_str);
    let item = Item::new(file, number.map(str::to_string), value)?;
    Ok(MunicipalityDetails {
        official_name: item.opt_line("official_name")?,
        org_number: item.opt_line("org_number")?,
    })
}

fn municipality(file: &str, index: usize, value: &Node<'_>) -> Result<Municipality, ImportError> {
    let label = value.get("number").and_then(Node::as_str).map_or_else(
        || format!("[[municipality]] #{}", index + 1),
        str::to_string,
    );
    let item = Item::new(file, Some(label), value)?;
    item.only(&[
        "number",
        "name",
        "county",
        "former_names",
        "language_form",
        "needs_quality_development",
        "official_name",
        "org_number",
    ])?;
    let number = item.text("number")?;
    let language = item.choice(
        "language_form",
        &["bokmål", "bokmal", "nynorsk", "neutral"],
        "neutral",
    )?;
    Ok(Municipality {
        number: item.municipality_number("number", &number)?,
        name: item.id("name")?,
        county: item.id("county")?,
        former_names: item.texts("former_names")?,
        language_form: match language.as_str() {
            "nynorsk" => LanguageForm::Nynorsk,
            "neutral" => LanguageForm::Neutral,
            _ => LanguageForm::Bokmal,
        },
        needs_quality_development: item.bool_or("needs_quality_development", false)?,
    })
}

fn network(file: &str, index: usize, value: &Node<'_>) -> Result<Network, ImportError> {
    let label = value
        .get("id")
        .and_then(Node::as_str)
        .map_or_else(|| format!("[[network]] #{}", index + 1), str::to_string);
    let item = Item::new(file, Some(label), value)?;
    item.only(&[
        "id",
        "name",
        "county",
        "members",
        "steering_group",
        "person",
    ])?;
    let numbers = |field: &str| -> Result<Vec<String>, ImportError> {
        item.texts(field)?
            .iter()
            .map(|n| item.municipality_number(field, n))
            .collect()
    };
    let members = numbers("members")?;
    let steering_group = numbers("steering_group")?;
    if let Some(outsider) = steering_group.iter().find(|n| !members.contains(n)) {
        return Err(item.error(
            "steering_group",
            Problem::NotAMember {
                number: outsider.clone(),
            },
        ));
    }
    let mut people = Vec::new();
    for (i, entry) in item.list("person")?.iter().enumerate() {
        let person = item.nested(&format!("person[{i}]"), entry)?;
        person.only(&["name", "municipality", "roles", "email", "share_email"])?;
        let municipality = person
            .opt_text("municipality")?
            .map(|n| person.municipality_number("municipality", &n))
            .transpose()?;
        let roles = person
            .texts("roles")?
            .iter()
            .map(|r| {
                Role::parse(r).ok_or_else(|| {
                    person.error(
                        "roles",
                        Problem::InvalidChoice {
                            value: r.clone(),
                            allowed: Role::ALL.iter().map(|r| r.as_str().into()).collect(),
                        },
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        people.push(Person {
            name: person.id("name")?,
            municipality,
            roles,
            email: person.opt_text("email")?,
            share_email: person.bool_or("share_email", false)?,
        });
    }
    Ok(Network {
        id: item.key("id")?,
        name: item.id("name")?,
        county: item.id("county")?,
        members,
        steering_group,
        people,
    })
}

/// The columns a municipality CSV must open with.
const CSV_COLUMNS: [&str; 4] = ["number", "name", "county", "former_names"];
/// Columns that may follow them, in any order.
const CSV_OPTIONAL_COLUMNS: [&str; 2] = ["official_name", "org_number"];

/// `number,name,county,former_names`, former names separated by `;`, optionally followed
/// by `official_name` and `org_number` (the file of `kommuner-2020.csv` extended).
fn parse_csv(source: &Source) -> Result<Vec<(Municipality, MunicipalityDetails)>, ImportError> {
    let text = utf8(source)?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header_error =
        |found: String| ImportError::file(&source.name, Problem::CsvHeader { found });
    let headers = reader
        .headers()
        .map_err(|e| header_error(e.to_string()))?
        .clone();
    let names: Vec<&str> = headers.iter().collect();
    let extra = names.get(CSV_COLUMNS.len()..).unwrap_or_default();
    let extra_known = extra.iter().all(|c| CSV_OPTIONAL_COLUMNS.contains(c))
        && extra.iter().collect::<BTreeSet<_>>().len() == extra.len();
    if names.get(..CSV_COLUMNS.len()) != Some(&CSV_COLUMNS[..]) || !extra_known {
        return Err(header_error(names.join(",")));
    }
    let column = |name: &str| names.iter().position(|c| *c == name);
    let (official_name_at, org_number_at) = (column("official_name"), column("org_number"));
    let mut municipalities = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| {
            ImportError::file(
                &source.name,
                Problem::Syntax {
                    line: Some(line),
                    column: None,
                    what: super::Malformed::reader("CSV", &e.to_string()),
                },
            )
        })?;
        let field = |index: usize| normalize(record.get(index).unwrap_or("").trim());
        // The name is what a person looks for in the file; the row number where it is empty.
        let label = Some(field(1))
            .filter(|n| !n.is_empty() && !n.chars().any(char::is_control))
            .unwrap_or_else(|| format!("#{}", line - 1));
        let at = |field: &str, problem| ImportError {
            row: None,
            file: source.name.clone(),
            item: Some(label.clone()),
            field: Some(field.to_string()),
            problem,
        };
        let number = field(0);
        if number.len() != 4 || !number.chars().all(|c| c.is_ascii_digit()) {
            return Err(at(
                "number",
                Problem::InvalidMunicipalityNumber {
                    value: super::excerpt(&number),
                },
            ));
        }
        let (name, county) = (field(1), field(2));
        if name.is_empty() {
            return Err(at("name", Problem::Empty));
        }
        if county.is_empty() {
            return Err(at("county", Problem::Empty));
        }
        // As the TOML's names are: one line, without control characters (an escape
        // sequence in a name reached the terminal through every export).
        for (column, text) in [
            ("name", &name),
            ("county", &county),
            ("former_names", &field(3)),
        ] {
            if text.chars().any(char::is_control) {
                return Err(at(column, Problem::ControlCharacters));
            }
        }
        // The optional columns go through the same checks as the TOML's fields.
        let mut optional = Object::default();
        for (name, at) in [
            ("official_name", official_name_at),
            ("org_number", org_number_at),
        ] {
            if let Some(value) = at.map(field).filter(|v| !v.is_empty()) {
                optional.push(name, Node::String(value.into()));
            }
        }
        let optional = Node::Object(optional);
        let item = Item::new(&source.name, Some(label.clone()), &optional)?;
        let details = MunicipalityDetails {
            official_name: item.opt_line("official_name")?,
            org_number: item.opt_line("org_number")?,
        };
        let municipality = Municipality {
            number,
            name,
            county,
            former_names: field(3)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            language_form: LanguageForm::Neutral,
            needs_quality_development: false,
        };
        municipalities.push((municipality, details));
    }
    Ok(municipalities)
}
