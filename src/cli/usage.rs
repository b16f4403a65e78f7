//! The command line's own words in the chosen language: clap writes usage errors,
//! possible values, defaults and environment variables in English, so they are put
//! into words here, and `tilskudd help COMMAND` is `tilskudd COMMAND --help`.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::domain::text::fill;
use crate::i18n::{Lang, UsageWords};

/// A usage error as the chosen language says it: what is wrong, the usage line, and
/// where more help is.
pub fn usage_error(error: &clap::Error, lang: Lang) -> String {
    let words = lang.usage_words();
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(list)) => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(text)
    .find(|s| !s.is_empty());
    let mut message = match error.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut message = fill(
                words.invalid_value,
                &[&text(ContextKind::InvalidValue), &arg],
            );
            let valid = text(ContextKind::ValidValue);
            if !valid.is_empty() {
                message.push_str(&format!("; {}: {valid}", words.possible_values));
            }
            message
        }
        ErrorKind::UnknownArgument => fill(words.unknown_argument, &[&arg]),
        ErrorKind::InvalidSubcommand => fill(
            words.unknown_command,
            &[&text(ContextKind::InvalidSubcommand)],
        ),
        ErrorKind::MissingRequiredArgument => format!("{}: {arg}", words.missing),
        ErrorKind::ArgumentConflict => fill(words.conflict, &[&arg, &text(ContextKind::PriorArg)]),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            words.choose_command.to_string()
        }
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => fill(words.wrong_values, &[&arg]),
        // Anything else as clap says it, without its own "error:".
        _ => error
            .render()
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_string(),
    };
    if let Some(suggested) = suggested {
        message.push_str(&format!("; {}", fill(words.did_you_mean, &[&suggested])));
    }
    let usage = text(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let mut out = format!("{}: {message}\n", lang.texts().labels().error);
    let command = if usage.is_empty() {
        "tilskudd".to_string()
    } else {
        out.push_str(&format!("\n{}: {usage}\n", words.usage));
        command_of(usage)
    };
    out.push_str(&format!("\n{}\n", fill(words.more_help, &[&command])));
    out
}

/// The command a usage line is for: its words before the first option or value.
fn command_of(usage: &str) -> String {
    usage
        .split_whitespace()
        .take_while(|w| !w.starts_with(['-', '<', '[']))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Possible values, defaults and environment variables in the help, in the chosen
/// language, instead of clap's English markers; on every subcommand.
pub fn annotate(command: clap::Command, words: &'static UsageWords) -> clap::Command {
    let mut command = command;
    let notes: Vec<(String, String)> = command
        .get_arguments()
        .filter(|a| a.get_action().takes_values())
        .map(|a| (a.get_id().to_string(), note(a, words)))
        .filter(|(_, note)| !note.is_empty())
        .collect();
    for (id, note) in notes {
        command = command.mut_arg(id, |a| {
            let help = a.get_help().map(ToString::to_string).unwrap_or_default();
            a.hide_possible_values(true)
                .hide_default_value(true)
                .hide_env(true)
                .help(format!("{help} {note}"))
        });
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |s| annotate(s, words));
    }
    command
}

/// `[mulige verdier: …] [standard: …] [miljøvariabel: …]` for one argument.
fn note(arg: &clap::Arg, words: &UsageWords) -> String {
    let mut parts = Vec::new();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() {
        parts.push(format!(
            "[{}: {}]",
            words.possible_values,
            values.join(", ")
        ));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() {
        parts.push(format!("[{}: {}]", words.default, defaults.join(", ")));
    }
    if let Some(env) = arg.get_env() {
        parts.push(format!(
            "[{}: {}]",
            words.environment,
            env.to_string_lossy()
        ));
    }
    parts.join(" ")
}

/// `tilskudd [--lang nn] help letters` as `tilskudd [--lang nn] letters --help`:
/// clap's own help command speaks English only.
pub fn help_as_flag(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    // The global options that take a value: their value is not the command.
    const WITH_VALUE: [&str; 3] = ["--db", "--server", "--lang"];
    let mut i = 1;
    while i < args.len() {
        let arg = args[i].to_string_lossy();
        if WITH_VALUE.contains(&arg.as_ref()) {
            i += 2;
        } else if arg.starts_with('-') {
            i += 1;
        } else {
            break;
        }
    }
    if args.get(i).is_none_or(|a| a != "help") {
        return args;
    }
    let mut rewritten: Vec<std::ffi::OsString> = args[..i].to_vec();
    rewritten.extend(args[i + 1..].iter().cloned());
    rewritten.push("--help".into());
    rewritten
}

/// The manual page in the chosen language: `clap_mangen`'s sections under headings in
/// that language, and the sections it does not write (environment, files, exit status,
/// examples) before the version.
pub fn man_page(command: clap::Command, lang: Lang) -> std::io::Result<String> {
    let words = lang.man_words();
    let man = clap_mangen::Man::new(command);
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    let mut page = String::from_utf8_lossy(&out).into_owned();
    for (heading, entries) in words.sections {
        page.push_str(&format!(".SH {}\n", roff_text(heading)));
        for (term, text) in *entries {
            page.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{}\n",
                roff_text(term),
                roff_text(text)
            ));
        }
    }
    let mut version = Vec::new();
    man.render_version_section(&mut version)?;
    page.push_str(&String::from_utf8_lossy(&version));
    for (english, local) in words.headings {
        page = page.replace(&format!(".SH {english}\n"), &format!(".SH {local}\n"));
    }
    Ok(page)
}

/// Text safe in roff: backslashes and hyphens escaped, and no line read as a request.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<std::ffi::OsString> {
        args.iter().map(Into::into).collect()
    }

    #[test]
    fn help_becomes_a_flag() {
        assert_eq!(
            help_as_flag(os(&["tilskudd", "--lang", "nn", "help", "letters"])),
            os(&["tilskudd", "--lang", "nn", "letters", "--help"])
        );
        assert_eq!(
            help_as_flag(os(&["tilskudd", "help"])),
            os(&["tilskudd", "--help"])
        );
        assert_eq!(
            help_as_flag(os(&["tilskudd", "lookup", "help"])),
            os(&["tilskudd", "lookup", "help"])
        );
    }

    #[test]
    fn usage_errors_are_said_in_norwegian() {
        let command = crate::cli::args::localized_command(Lang::Nb);
        let error = command
            .try_get_matches_from(["tilskudd", "export", "--round", "r", "--format", "pdf"])
            .unwrap_err();
        let text = usage_error(&error, Lang::Nb);
        assert!(
            text.starts_with("feil: «pdf» er ikke en gyldig verdi for --format"),
            "{text}"
        );
        assert!(text.contains("mulige verdier: csv, json, xlsx"), "{text}");
        assert!(text.contains("Mer hjelp: tilskudd"), "{text}");
        let command = crate::cli::args::localized_command(Lang::Nb);
        let error = command
            .try_get_matches_from(["tilskudd", "propose", "X-1"])
            .unwrap_err();
        let text = usage_error(&error, Lang::Nb);
        assert!(text.starts_with("feil: mangler: "), "{text}");
        assert!(text.contains("Bruk: tilskudd propose"), "{text}");
        assert!(
            text.contains("Mer hjelp: tilskudd propose --help"),
            "{text}"
        );
    }

    #[test]
    fn the_manual_has_its_sections_in_the_language() {
        let page = man_page(crate::cli::args::localized_command(Lang::Nb), Lang::Nb).unwrap();
        for heading in [
            ".SH NAVN",
            ".SH VALG",
            ".SH MILJØ",
            ".SH FILER",
            ".SH AVSLUTNINGSSTATUS",
            ".SH EKSEMPLER",
        ] {
            assert!(page.contains(heading), "{heading}");
        }
        assert!(page.contains("TILSKUDD_USER"));
        let page = man_page(crate::cli::args::localized_command(Lang::En), Lang::En).unwrap();
        assert!(page.contains(".SH EXIT STATUS"));
    }
}
