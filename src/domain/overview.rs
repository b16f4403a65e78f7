//! What the overview of a round weighs besides the cases: the project kinds
//! (themes) an adviser records for a case, and the county governor's special attention
//! to municipalities that need quality development (a priority flag).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::case::within_limit;
use super::event::Change;
use super::refusal::Refusal;

/// The kinds of project the guidelines list (seed 002), as the annual report counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// New support measures: developed, tried, improved or introduced.
    NewMeasures,
    /// Training in, or trials of, particular methods or tools.
    Methods,
    /// Shared leadership development or supervision fora.
    Leadership,
    /// Shared competence building or measures for minorities.
    Minorities,
    /// Shared services (a child-welfare emergency service, foster-home follow-up).
    SharedServices,
    /// Cooperation between child welfare and other services.
    Cooperation,
    /// Guidance of foster parents and foster children.
    FosterHomeGuidance,
    /// Recruitment of foster homes.
    FosterHomeRecruitment,
    /// Recruitment of foster homes in the family and network.
    FamilyNetworkRecruitment,
}

impl Theme {
    pub const ALL: [Theme; 9] = [
        Theme::NewMeasures,
        Theme::Methods,
        Theme::Leadership,
        Theme::Minorities,
        Theme::SharedServices,
        Theme::Cooperation,
        Theme::FosterHomeGuidance,
        Theme::FosterHomeRecruitment,
        Theme::FamilyNetworkRecruitment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::NewMeasures => "new-measures",
            Theme::Methods => "methods",
            Theme::Leadership => "leadership",
            Theme::Minorities => "minorities",
            Theme::SharedServices => "shared-services",
            Theme::Cooperation => "cooperation",
            Theme::FosterHomeGuidance => "foster-home-guidance",
            Theme::FosterHomeRecruitment => "foster-home-recruitment",
            Theme::FamilyNetworkRecruitment => "family-network-recruitment",
        }
    }

    /// A theme by its id, as people type it (any case, spaces around); the last three
    /// also by their short forms (`foster-guidance`, `foster-recruitment`,
    /// `family-network`).
    pub fn parse(text: &str) -> Option<Theme> {
        let text = text.trim().to_ascii_lowercase();
        let short = match text.as_str() {
            "foster-guidance" => Some(Theme::FosterHomeGuidance),
            "foster-recruitment" => Some(Theme::FosterHomeRecruitment),
            "family-network" => Some(Theme::FamilyNetworkRecruitment),
            _ => None,
        };
        short.or_else(|| Theme::ALL.into_iter().find(|t| t.as_str() == text))
    }

    /// The themes named in `text`, separated by commas, semicolons or spaces: each once,
    /// in the order of [`Theme::ALL`]; the first word that is no theme is the error.
    pub fn parse_list(text: &str) -> Result<Vec<Theme>, String> {
        let mut themes = Vec::new();
        for word in text
            .split([',', ';', ' ', '\t', '\n'])
            .filter(|w| !w.trim().is_empty())
        {
            themes.push(Theme::parse(word).ok_or_else(|| word.trim().to_string())?);
        }
        Ok(normalized(themes))
    }
}

/// Each theme once, in the order of [`Theme::ALL`].
pub fn normalized(mut themes: Vec<Theme>) -> Vec<Theme> {
    themes.sort_unstable();
    themes.dedup();
    themes
}

/// Records a case's themes, replacing those it had; no change where they are the same.
pub fn set_themes(before: &[Theme], after: Vec<Theme>) -> Option<Change> {
    let after = normalized(after);
    (before != after.as_slice()).then(|| Change::ThemesSet {
        before: before.to_vec(),
        after,
    })
}

/// The special attention the county governor gives a municipality that needs quality
/// development: who flagged it, when, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priority {
    pub note: Option<String>,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// Flags `municipality` (which the registry must know) for special attention, or
/// changes the note of its flag.
pub fn flag(
    current: Option<&Priority>,
    municipality: &str,
    known: bool,
    note: Option<&str>,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Option<(Priority, Change)>, Refusal> {
    if !known {
        return Err(Refusal::UnknownMunicipality {
            number: municipality.to_string(),
        });
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if let Some(note) = note {
        within_limit(note)?;
    }
    if current.is_some_and(|c| c.note.as_deref() == note) {
        return Ok(None);
    }
    let priority = Priority {
        note: note.map(str::to_string),
        by: by.to_string(),
        at,
    };
    let change = Change::PriorityFlagged {
        municipality: municipality.to_string(),
        note: priority.note.clone(),
    };
    Ok(Some((priority, change)))
}

/// Takes the flag off `municipality`.
pub fn unflag(current: Option<&Priority>, municipality: &str) -> Result<Change, Refusal> {
    if current.is_none() {
        return Err(Refusal::NotPrioritized {
            municipality: municipality.to_string(),
        });
    }
    Ok(Change::PriorityCleared {
        municipality: municipality.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_are_read_as_people_type_them_each_once_in_order() {
        assert_eq!(
            Theme::parse_list("Minorities, methods;methods  new-measures"),
            Ok(vec![Theme::NewMeasures, Theme::Methods, Theme::Minorities])
        );
        assert_eq!(
            Theme::parse_list("methods, fosterhjem"),
            Err("fosterhjem".to_string())
        );
        assert_eq!(Theme::parse_list(" "), Ok(vec![]));
        for theme in Theme::ALL {
            assert_eq!(Theme::parse(theme.as_str()), Some(theme));
        }
    }

    #[test]
    fn a_flag_needs_a_known_municipality_and_comes_off_once() {
        let at = Utc::now();
        assert!(flag(None, "9999", false, None, "kari", at).is_err());
        let (priority, _) = flag(None, "3403", true, Some(" Svak "), "kari", at)
            .unwrap()
            .unwrap();
        assert_eq!(priority.note.as_deref(), Some("Svak"));
        assert_eq!(
            flag(Some(&priority), "3403", true, Some("Svak"), "ola", at),
            Ok(None),
            "the same flag again changes nothing"
        );
        assert!(unflag(Some(&priority), "3403").is_ok());
        assert!(unflag(None, "3403").is_err());
    }
}
