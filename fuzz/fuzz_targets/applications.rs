//! The application import's reading of a file: any bytes get an answer, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilskudd::import::{Source, parse_applications};

fuzz_target!(|data: &[u8]| {
    let source = Source {
        name: "fuzz.json".into(),
        bytes: data.to_vec(),
    };
    if let Ok(applications) = parse_applications(&[source]) {
        for (_, application, _) in applications {
            assert!(!application.reference.is_empty());
            assert!(!application.reference.chars().any(char::is_control));
        }
    }
});
