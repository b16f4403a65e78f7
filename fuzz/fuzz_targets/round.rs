//! The round import's reading of TOML: any bytes get an answer, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilskudd::import::{Source, parse_rounds};

fuzz_target!(|data: &[u8]| {
    if let Ok(rounds) = parse_rounds(&[Source {
        name: "fuzz.toml".into(),
        bytes: data.to_vec(),
    }]) {
        for (_, round, _) in rounds {
            for pot in &round.pots {
                assert!(pot.total.is_single_amount(), "a pot of {}", pot.total);
            }
        }
    }
});
