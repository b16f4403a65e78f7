//! `tilskudd users add|set|list|remove`: who may use a server, and the names and titles
//! they sign letters with. On a server only an admin may; on a local file its owner may,
//! to set a server's users up before it starts.

use super::args::UsersWhat;
use super::table::{Align, Table};
use super::{emit, emit_json};
use crate::domain::text::safe_line;
use crate::error::Result;
use crate::i18n::{Texts, event_line};
use crate::service::{Command, Session};

pub(super) fn run(what: &UsersWhat, service: &dyn Session, t: &dyn Texts) -> Result<()> {
    let command = match what {
        UsersWhat::List { output } => {
            let users = service.users()?;
            let officials = service.officials()?;
            if output.json {
                let users: Vec<serde_json::Value> = users
                    .iter()
                    .map(|u| {
                        let mut value = serde_json::json!(u);
                        let official = officials.get(&u.login);
                        value["name"] = serde_json::json!(official.map(|o| &o.name));
                        value["title"] = serde_json::json!(official.and_then(|o| o.title.as_ref()));
                        value
                    })
                    .collect();
                // Every name and title too, with no server role on a local file.
                emit_json(&serde_json::json!({ "users": users, "officials": officials }));
            } else {
                emit(&table(t, &users, &officials));
            }
            return Ok(());
        }
        UsersWhat::Add {
            login,
            role,
            name,
            title,
        } => {
            // The access, then the signature, each an event of its own.
            let mut commands = vec![Command::AddUser {
                login: login.clone(),
                role: *role,
            }];
            if name.is_some() || title.is_some() {
                commands.push(official(login, name.as_deref(), title.as_deref())?);
            }
            return run_all(service, t, commands);
        }
        UsersWhat::Set { login, name, title } => {
            official(login, name.as_deref(), title.as_deref())?
        }
        UsersWhat::Remove { login } => Command::RemoveUser {
            login: login.clone(),
        },
    };
    run_all(service, t, vec![command])
}

/// The name and title a login signs with, as a command.
fn official(login: &str, name: Option<&str>, title: Option<&str>) -> Result<Command> {
    Ok(Command::SetOfficial {
        login: login.to_string(),
        name: name.map(super::dispatch::text_arg).transpose()?,
        title: title.map(super::dispatch::text_arg).transpose()?,
    })
}

/// Runs the commands in order and says what changed.
fn run_all(service: &dyn Session, t: &dyn Texts, commands: Vec<Command>) -> Result<()> {
    let mut out = String::new();
    for command in commands {
        for event in &service.execute(command)?.events {
            out.push_str(&event_line(t, event));
            out.push('\n');
        }
    }
    if out.is_empty() {
        out = format!("{}\n", t.nothing_changed());
    }
    emit(&out);
    Ok(())
}

fn table(
    t: &dyn Texts,
    users: &[crate::domain::User],
    officials: &std::collections::BTreeMap<String, crate::domain::Official>,
) -> String {
    if users.is_empty() && officials.is_empty() {
        return format!("{}\n", t.no_users());
    }
    let [login, name, role, by, at] = t.users_heading();
    let mut table = Table::new(&[
        (login, Align::Left),
        (name, Align::Left),
        (role, Align::Left),
        (by, Align::Left),
        (at, Align::Left),
    ]);
    for user in users {
        let signature = officials
            .get(&user.login)
            .map_or_else(|| "–".to_string(), signature);
        table.row(vec![
            safe_line(&user.login).into_owned(),
            signature,
            format!("{} ({})", user.role.as_str(), t.user_role(user.role)),
            safe_line(&user.added_by).into_owned(),
            t.datetime(user.added_at),
        ]);
    }
    // Names kept for logins that are no server's users (a local file): shown too.
    for (login, official) in officials {
        if users.iter().any(|u| &u.login == login) {
            continue;
        }
        table.row(vec![
            safe_line(login).into_owned(),
            signature(official),
            "–".into(),
            "–".into(),
            "–".into(),
        ]);
    }
    table.render("")
}

/// `Name, title` as a letter signs it.
fn signature(official: &crate::domain::Official) -> String {
    match &official.title {
        Some(title) => format!("{}, {}", safe_line(&official.name), safe_line(title)),
        None => safe_line(&official.name).into_owned(),
    }
}
