//! Kata releases: the versions a verdict can be asked for.
//!
//! Kata tags a release `x.y.0` every month or so (patch tags such as
//! `3.19.1` change no annotation). Verdicts are given per `major.minor`;
//! the supported span is [`Version::OLDEST`] to [`Version::NEWEST`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A Kata release, `major.minor` (`3.28`, `4.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Version {
    /// The major number.
    pub major: u8,
    /// The minor number.
    pub minor: u8,
}

/// Why a version text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    /// Not `major.minor` or `major.minor.patch`.
    #[error("\"{0}\" is not a Kata version (write it like 3.28 or 4.1.0)")]
    Malformed(String),
    /// A well-formed version outside the releases this build knows.
    #[error("Kata {0} is not a release this tool knows (it knows {oldest} to {newest})", oldest = Version::OLDEST, newest = Version::NEWEST)]
    Unknown(Version),
}

impl Version {
    /// `major.minor`.
    pub const fn new(major: u8, minor: u8) -> Self {
        Self { major, minor }
    }

    /// The oldest release verdicts are given for.
    pub const OLDEST: Version = Version::new(3, 2);
    /// The newest release; the default target.
    pub const NEWEST: Version = Version::new(4, 1);
    /// The last 3.x release.
    const LAST_3X: u8 = 32;

    /// Every release from [`Version::OLDEST`] to [`Version::NEWEST`], oldest first.
    pub fn releases() -> impl DoubleEndedIterator<Item = Version> + Clone {
        (Self::OLDEST.minor..=Self::LAST_3X)
            .map(|minor| Version::new(3, minor))
            .chain((0..=Self::NEWEST.minor).map(|minor| Version::new(4, minor)))
    }

    /// Whether this build gives verdicts for the release.
    pub fn is_known(self) -> bool {
        Self::releases().any(|v| v == self)
    }

    /// Parses `3.28`, `3.28.0`, `v3.28.1` (the patch number is dropped),
    /// without checking that the release is known.
    pub fn parse_any(text: &str) -> Result<Version, VersionError> {
        let malformed = || VersionError::Malformed(text.to_owned());
        let trimmed = text.trim();
        let trimmed = trimmed.strip_prefix('v').unwrap_or(trimmed);
        let mut parts = trimmed.split('.');
        let mut number = || -> Result<u8, VersionError> {
            let part = parts.next().ok_or_else(malformed)?;
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed());
            }
            part.parse().map_err(|_| malformed())
        };
        let version = Version::new(number()?, number()?);
        match parts.next() {
            None => {}
            Some(patch) if !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()) => {}
            Some(_) => return Err(malformed()),
        }
        if parts.next().is_some() {
            return Err(malformed());
        }
        Ok(version)
    }
}

impl Default for Version {
    fn default() -> Self {
        Self::NEWEST
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for Version {
    type Err = VersionError;

    /// Parses a version and requires it to be a known release.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let version = Version::parse_any(text)?;
        if version.is_known() {
            Ok(version)
        } else {
            Err(VersionError::Unknown(version))
        }
    }
}

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// `major.minor` for catalog tables.
pub(crate) const fn v(major: u8, minor: u8) -> Version {
    Version::new(major, minor)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn releases_span_3_2_to_4_1() {
        let all: Vec<String> = Version::releases().map(|v| v.to_string()).collect();
        assert_eq!(all.first().map(String::as_str), Some("3.2"));
        assert_eq!(all.last().map(String::as_str), Some("4.1"));
        assert_eq!(all.len(), 31 + 2);
        assert!(all.windows(2).all(|w| {
            let a: Version = w[0].parse().unwrap();
            let b: Version = w[1].parse().unwrap();
            a < b
        }));
    }

    #[test]
    fn parsing_takes_tags_and_refuses_the_rest() {
        assert_eq!("3.28".parse(), Ok(v(3, 28)));
        assert_eq!("v3.19.1".parse(), Ok(v(3, 19)));
        assert_eq!(" 4.0.0 ".parse(), Ok(v(4, 0)));
        assert_eq!(
            "3.1".parse::<Version>(),
            Err(VersionError::Unknown(v(3, 1)))
        );
        assert_eq!(
            "4.2".parse::<Version>(),
            Err(VersionError::Unknown(v(4, 2)))
        );
        for bad in ["", "4", "4.", "4.x", "4.1.0.0", "-4.1", "4.1.", "300.1"] {
            assert!(
                matches!(bad.parse::<Version>(), Err(VersionError::Malformed(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn serde_uses_the_text_form() {
        assert_eq!(serde_json::to_string(&v(3, 2)).unwrap(), "\"3.2\"");
        let back: Version = serde_json::from_str("\"3.30.0\"").unwrap();
        assert_eq!(back, v(3, 30));
        assert!(serde_json::from_str::<Version>("\"9.9\"").is_err());
    }
}
