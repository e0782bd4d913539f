//! A clinic's wall clock (`clinics.timezone`): the instants its local dates and times name,
//! correct across daylight-saving changes. Times are stored in UTC and shown in clinic time.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::DomainError;

/// The time zone a clinic keeps its hours in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClinicClock(Tz);

impl ClinicClock {
    /// The clock of the IANA zone `name` (`America/New_York`).
    ///
    /// Names are checked when they are written (`validate::timezone`), so an unknown one was
    /// written around the gateway: the answer says how to fix it instead of guessing a zone.
    pub fn named(name: &str) -> Result<Self, DomainError> {
        name.parse::<Tz>()
            .map(ClinicClock)
            .map_err(|_| DomainError::Conflict {
                message: format!(
                    "the clinic's time zone {name:?} is not an IANA time zone; set it with updateClinic"
                ),
                constraint: None,
            })
    }

    /// The zone's IANA name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The instant the clinic's clock shows `time` on `date`, or `None` when the clock skips
    /// that time (the hour lost when daylight-saving time starts). When the clock shows it
    /// twice (the hour repeated when it ends), the first.
    pub fn instant(&self, date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
        self.0
            .from_local_datetime(&NaiveDateTime::new(date, time))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    }

    /// The instant the clinic's clock shows `time` on `date`; a time the clock skips is read
    /// as the same distance past the change (02:30 on a spring-forward night is 03:30), which
    /// is what a person setting a wall clock would mean.
    pub fn instant_or_later(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        if let Some(at) = self.instant(date, time) {
            return at;
        }
        // No zone skips more than a day; every real skip is at most two hours.
        (1..=24)
            .find_map(|hours| {
                let earlier = NaiveDateTime::new(date, time) - Duration::hours(hours);
                self.0
                    .from_local_datetime(&earlier)
                    .earliest()
                    .map(|t| t.with_timezone(&Utc) + Duration::hours(hours))
            })
            .unwrap_or_else(|| NaiveDateTime::new(date, time).and_utc())
    }

    /// `at` on the clinic's clock.
    pub fn local(&self, at: DateTime<Utc>) -> DateTime<Tz> {
        at.with_timezone(&self.0)
    }

    /// The clinic's date at `at`.
    pub fn date_of(&self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn nine_in_the_morning_is_the_same_wall_time_on_both_sides_of_a_change() {
        let ny = ClinicClock::named("America/New_York").unwrap();
        // 2026-03-08: clocks go forward at 02:00 (EST -5 → EDT -4).
        let before = ny.instant(date(2026, 3, 7), time(9, 0)).unwrap();
        let after = ny.instant(date(2026, 3, 8), time(9, 0)).unwrap();
        assert_eq!(before.to_rfc3339(), "2026-03-07T14:00:00+00:00");
        assert_eq!(after.to_rfc3339(), "2026-03-08T13:00:00+00:00");
        assert_eq!(after - before, Duration::hours(23));
    }

    #[test]
    fn the_skipped_hour_has_no_instant_and_the_repeated_one_its_first() {
        let la = ClinicClock::named("America/Los_Angeles").unwrap();
        assert_eq!(la.instant(date(2026, 3, 8), time(2, 30)), None);
        assert_eq!(
            la.instant_or_later(date(2026, 3, 8), time(2, 30))
                .to_rfc3339(),
            "2026-03-08T10:30:00+00:00"
        );
        // 2026-11-01: 01:30 happens twice; the first is still daylight time (-7).
        assert_eq!(
            la.instant(date(2026, 11, 1), time(1, 30))
                .unwrap()
                .to_rfc3339(),
            "2026-11-01T08:30:00+00:00"
        );
    }

    #[test]
    fn unknown_zones_are_refused_with_a_way_out() {
        let err = ClinicClock::named("Mars/Olympus_Mons").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Conflict);
        assert!(err.to_string().contains("updateClinic"), "{err}");
    }

    #[test]
    fn local_dates_follow_the_clinic_not_utc() {
        let la = ClinicClock::named("America/Los_Angeles").unwrap();
        let evening = "2026-03-07T23:30:00-08:00"
            .parse::<DateTime<Utc>>()
            .unwrap();
        assert_eq!(la.date_of(evening), date(2026, 3, 7));
        assert_eq!(evening.date_naive(), date(2026, 3, 8));
    }
}
