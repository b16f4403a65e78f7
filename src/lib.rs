//! `tilskudd`: review and decide stimulus-fund applications from municipal child-welfare
//! learning networks.
//!
//! Layers, lowest first; each uses only those above it in this list, and no front-end
//! uses another.
//!
//! - [`domain`]: money, registry, rounds, cases, checks, events, replay and undo, and
//!   their rules. Pure: no I/O.
//! - [`store`]: the redb tables, migrations and the hash-chained event log (`read`,
//!   `write`, `aggregates`, `chain`, `tables`). Nothing else touches redb.
//! - [`import`]: reading the registry, round and application formats into domain types.
//! - [`letters`]: the grant letters in Markdown, in bokmål and nynorsk, untrusted text
//!   escaped.
//! - [`service`]: every command and query, the one API below all front-ends; a
//!   [`service::Session`] is local (the database file) or remote (a server).
//! - [`i18n`]: every user-facing text, in bokmål and English.
//! - [`output`]: what front-ends write out: letter and export files (CSV), lookup text.
//! - [`server`]: `serve` and its client, the same service over a Unix socket, with the
//!   gate that bounds connections.
//! - Front-ends, which only translate: [`cli`] (clap: `args`, `session`, `dispatch`,
//!   rendering) and [`tui`] (ratatui: `app` state, `queue` the case list, `keys` the key
//!   table, `popups` one module each, `view` drawing).
//! - [`demo`]: the bundled example data; [`dev`]: synthetic data and maintenance.
//! - [`error`]: the error type every layer returns.

pub mod cli;
pub mod demo;
pub mod dev;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod import;
pub mod letters;
pub mod output;
pub mod server;
pub mod service;
pub mod store;
pub mod tui;
