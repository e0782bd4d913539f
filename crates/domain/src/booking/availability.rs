//! Free slots, computed without the database: the clinic's weekly hours, cut to the voice
//! assistant's window, on a grid of the slot length, minus blocked periods and whatever is
//! busy (appointments in the target room, bookings that still hold their time).

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc, Weekday};
use entity::json::BusinessHours;

use super::clinic_time::ClinicClock;

/// A half-open span of time, `[starts_at, ends_at)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Span {
    /// Whether the two spans share an instant (touching ends do not).
    pub fn overlaps(&self, other: &Span) -> bool {
        self.starts_at < other.ends_at && other.starts_at < self.ends_at
    }
}

/// A period closed every week on some days, in clinic time (`clinic_blocked_periods`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// Days it applies to, 0 = Sunday … 6 = Saturday (the column's convention).
    pub days: Vec<i32>,
}

impl Blocked {
    fn applies_on(&self, day: Weekday) -> bool {
        self.days.contains(&(day.num_days_from_sunday() as i32))
    }
}

/// When a clinic can be booked.
#[derive(Clone, Debug)]
pub struct BookableHours {
    pub clock: ClinicClock,
    /// Open and close per weekday, Monday first; `None` is closed.
    pub week: [Option<(NaiveTime, NaiveTime)>; 7],
    /// The grid slots start on, from each day's opening time.
    pub step: Duration,
    /// The voice assistant's window, when the clinic set one.
    pub window: Option<(NaiveTime, NaiveTime)>,
    pub blocked: Vec<Blocked>,
}

/// A week of opening hours from their stored shape; a day whose times do not parse, or that
/// closes before it opens, is closed (writes check both, so only rows written around the
/// gateway can have them).
pub fn week_of(hours: &BusinessHours) -> [Option<(NaiveTime, NaiveTime)>; 7] {
    let parse = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]
    .map(|day| {
        let d = hours.day(day)?;
        let (open, close) = (parse(&d.open)?, parse(&d.close)?);
        (open < close).then_some((open, close))
    })
}

impl BookableHours {
    /// The slots of `length` that fit the hours, the window and the blocked periods and lie
    /// inside `within`, in time order.
    pub fn slots(&self, within: Span, length: Duration) -> impl Iterator<Item = Span> + '_ {
        let first = self.clock.date_of(within.starts_at);
        let last = self.clock.date_of(within.ends_at);
        first
            .iter_days()
            .take_while(move |d| *d <= last)
            .flat_map(move |date| self.slots_on(date, length))
            .filter(move |s| s.starts_at >= within.starts_at && s.ends_at <= within.ends_at)
    }

    /// Whether `span` is one of the slots offered for its length.
    pub fn offers(&self, span: Span) -> bool {
        let length = span.ends_at - span.starts_at;
        self.slots(span, length).any(|s| s == span)
    }

    fn slots_on(&self, date: chrono::NaiveDate, length: Duration) -> Vec<Span> {
        let day = date.weekday();
        let Some((open, close)) = self.week[day.num_days_from_monday() as usize] else {
            return Vec::new();
        };
        let (from, until) = match self.window {
            Some((start, end)) => (open.max(start), close.min(end)),
            None => (open, close),
        };
        let step = self.step.max(Duration::minutes(1));
        let mut slots = Vec::new();
        let mut start = open;
        // Whole minutes from opening, so the grid is the same on every day and in every span.
        while start < until {
            let (end, wrapped) = start.overflowing_add_signed(length);
            // The end wrapped past midnight, or left the day's hours: nothing later fits.
            if wrapped != 0 || end <= start || end > until {
                break;
            }
            let blocked = self
                .blocked
                .iter()
                .any(|b| b.applies_on(day) && start < b.end && b.start < end);
            if start >= from
                && !blocked
                && let Some(starts_at) = self.clock.instant(date, start)
            {
                slots.push(Span {
                    starts_at,
                    ends_at: starts_at + length,
                });
            }
            let (next, wrapped) = start.overflowing_add_signed(step);
            if wrapped != 0 {
                break;
            }
            start = next;
        }
        slots
    }
}

/// The slots that no busy span overlaps.
pub fn free(slots: impl Iterator<Item = Span>, busy: &[Span]) -> impl Iterator<Item = Span> {
    slots.filter(move |s| !busy.iter().any(|b| b.overlaps(s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::json::DayHours;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn span(a: &str, b: &str) -> Span {
        Span {
            starts_at: at(a),
            ends_at: at(b),
        }
    }

    fn hours(zone: &str) -> BookableHours {
        let day = Some(DayHours {
            open: "09:00".into(),
            close: "12:00".into(),
        });
        BookableHours {
            clock: ClinicClock::named(zone).unwrap(),
            week: week_of(&BusinessHours {
                mon: day.clone(),
                tue: day.clone(),
                wed: day.clone(),
                thu: day.clone(),
                fri: day.clone(),
                sat: day,
                sun: None,
            }),
            step: Duration::minutes(30),
            window: None,
            blocked: Vec::new(),
        }
    }

    fn starts(slots: impl Iterator<Item = Span>, clock: &ClinicClock) -> Vec<String> {
        slots
            .map(|s| clock.local(s.starts_at).format("%a %H:%M").to_string())
            .collect()
    }

    #[test]
    fn a_day_is_cut_into_slots_of_the_grid_that_fit_before_closing() {
        let h = hours("America/New_York");
        let day = span("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z");
        assert_eq!(
            starts(h.slots(day, Duration::minutes(60)), &h.clock),
            [
                "Mon 09:00",
                "Mon 09:30",
                "Mon 10:00",
                "Mon 10:30",
                "Mon 11:00"
            ]
        );
        // Sunday is closed.
        let sunday = span("2026-12-06T05:00:00Z", "2026-12-07T05:00:00Z");
        assert_eq!(h.slots(sunday, Duration::minutes(30)).count(), 0);
    }

    #[test]
    fn local_nine_stays_nine_across_the_spring_change() {
        let h = hours("America/New_York");
        let weekend = span("2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z");
        let firsts: Vec<_> = h
            .slots(weekend, Duration::minutes(180))
            .map(|s| s.starts_at.to_rfc3339())
            .collect();
        // Saturday 09:00 EST, Monday 09:00 EDT (Sunday closed).
        assert_eq!(
            firsts,
            ["2026-03-07T14:00:00+00:00", "2026-03-09T13:00:00+00:00"]
        );
    }

    #[test]
    fn the_window_blocked_periods_and_busy_spans_remove_slots() {
        let mut h = hours("Europe/Berlin");
        h.window = Some((t(9, 30), t(23, 0)));
        h.blocked = vec![Blocked {
            start: t(10, 30),
            end: t(11, 0),
            days: vec![1],
        }];
        let monday = span("2026-12-06T23:00:00Z", "2026-12-07T23:00:00Z");
        let thirty = Duration::minutes(30);
        assert_eq!(
            starts(h.slots(monday, thirty), &h.clock),
            ["Mon 09:30", "Mon 10:00", "Mon 11:00", "Mon 11:30"]
        );
        // The block is Monday's only (1 = Monday): Tuesday keeps 10:30.
        let tuesday = span("2026-12-07T23:00:00Z", "2026-12-08T23:00:00Z");
        assert!(starts(h.slots(tuesday, thirty), &h.clock).contains(&"Tue 10:30".to_owned()));
        // An appointment 10:00–10:15 Berlin time takes the 10:00 slot only.
        let busy = [span("2026-12-07T09:00:00Z", "2026-12-07T09:15:00Z")];
        assert_eq!(
            starts(free(h.slots(monday, thirty), &busy), &h.clock),
            ["Mon 09:30", "Mon 11:00", "Mon 11:30"]
        );
    }

    #[test]
    fn a_slot_is_offered_only_on_the_grid_and_inside_the_hours() {
        let h = hours("America/Los_Angeles");
        let nine = at("2026-12-07T17:00:00Z");
        let ok = Span {
            starts_at: nine,
            ends_at: nine + Duration::minutes(30),
        };
        assert!(h.offers(ok));
        let off_grid = Span {
            starts_at: nine + Duration::minutes(10),
            ends_at: nine + Duration::minutes(40),
        };
        assert!(!h.offers(off_grid));
        let past_closing = Span {
            starts_at: nine + Duration::hours(2) + Duration::minutes(30),
            ends_at: nine + Duration::hours(3) + Duration::minutes(30),
        };
        assert!(!h.offers(past_closing));
    }

    #[test]
    fn generated_spans_never_yield_a_slot_outside_them_or_out_of_order() {
        let h = hours("Australia/Lord_Howe"); // a half-hour daylight-saving shift
        let base = at("2026-01-01T00:00:00Z");
        for i in 0..400i64 {
            let start = base + Duration::minutes(i * 997 % (365 * 24 * 60));
            let within = Span {
                starts_at: start,
                ends_at: start + Duration::minutes(60 + i * 37 % (9 * 24 * 60)),
            };
            let length = Duration::minutes(15 + (i % 8) * 15);
            let slots: Vec<_> = h.slots(within, length).collect();
            for pair in slots.windows(2) {
                assert!(pair[0].starts_at < pair[1].starts_at, "{pair:?}");
            }
            for s in &slots {
                assert!(s.starts_at >= within.starts_at && s.ends_at <= within.ends_at);
                assert_eq!(s.ends_at - s.starts_at, length);
                assert!(h.offers(*s), "{s:?} is listed but not offered");
                let local = h.clock.local(s.starts_at).time();
                assert!(local >= t(9, 0) && local < t(12, 0), "{s:?}");
            }
        }
    }
}
