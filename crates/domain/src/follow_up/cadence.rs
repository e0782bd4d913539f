//! Which follow-ups a discharged case gets and when, decided from the settings that speak for
//! it, highest precedence first: the case's own (`call_enabled`, `email_enabled`, and its
//! delays when `cadence_source` says they are its own), the clinic's cadence for the case's
//! type (`clinic_case_type_cadence`), the clinic's `auto_scheduling_config`, then
//! `clinic_settings`, then the defaults the schema gives `clinic_settings`. Pure: the planner
//! (`plan`) loads the rows and writes what this decides.
//!
//! A follow-up lands on the clinic's date the delay falls on, at the preferred time of the
//! level that decided it, kept inside the clinic's preferred window for the channel
//! (`clinic_settings.preferred_*_start_time`…`_end_time`): a preferred time outside the window
//! becomes the window's opening. Dates and times are the clinic's (`ClinicClock`), so a
//! follow-up planned across a daylight-saving change keeps its local time.

use chrono::{DateTime, Duration, NaiveTime, Timelike, Utc};
use entity::{auto_scheduling_config, cases, clinic_case_type_cadence, clinic_settings};
use serde::Serialize;

use crate::booking::clinic_time::ClinicClock;

/// A way of following up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Call,
}

/// Where a decision came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The case's own settings.
    Case,
    /// The clinic's cadence for the case's type.
    CaseType,
    /// The clinic's auto-scheduling configuration.
    AutoScheduling,
    /// The clinic's settings.
    ClinicSettings,
    /// The schema's defaults for `clinic_settings`.
    Default,
}

/// The rows a case's follow-up is planned from.
pub struct Sources<'a> {
    pub case: &'a cases::Model,
    /// The clinic's cadence for the case's `type`, else for its `detected_case_type`.
    pub case_type: Option<&'a clinic_case_type_cadence::Model>,
    pub config: Option<&'a auto_scheduling_config::Model>,
    pub settings: Option<&'a clinic_settings::Model>,
}

/// What was decided for one channel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChannelChoice {
    /// Why the channel is off (`None`: it is planned).
    pub off: Option<&'static str>,
    /// Days after the discharge date.
    pub delay_days: i32,
    /// Which level chose the delay.
    pub delay_from: Level,
    /// The time of day, in the window.
    #[serde(serialize_with = "hh_mm")]
    pub time: NaiveTime,
    /// Which level chose the time.
    pub time_from: Level,
    /// The clinic's window for the channel.
    #[serde(serialize_with = "window")]
    pub window: (NaiveTime, NaiveTime),
}

/// What was decided for a case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cadence {
    pub email: ChannelChoice,
    pub call: ChannelChoice,
    /// The case type whose cadence applied.
    pub case_type: Option<String>,
}

impl Cadence {
    pub fn channel(&self, channel: Channel) -> &ChannelChoice {
        match channel {
            Channel::Email => &self.email,
            Channel::Call => &self.call,
        }
    }
}

fn hh_mm<S: serde::Serializer>(time: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&time.format("%H:%M").to_string())
}

fn window<S: serde::Serializer>(w: &(NaiveTime, NaiveTime), s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{}-{}", w.0.format("%H:%M"), w.1.format("%H:%M")))
}

fn clock(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

/// The schema's defaults for `clinic_settings`: delay and window per channel.
fn defaults(channel: Channel) -> (i32, NaiveTime, NaiveTime) {
    match channel {
        Channel::Email => (1, clock(10, 0), clock(12, 0)),
        Channel::Call => (2, clock(16, 0), clock(19, 0)),
    }
}

/// Whether the case's delays are its own (`cadence_source` other than `default`), rather
/// than the column defaults every new case gets.
pub fn case_has_own_cadence(case: &cases::Model) -> bool {
    !matches!(case.cadence_source.as_deref(), None | Some("default"))
}

/// The `cadence_source` a case gets when staff set its delays.
pub const OWN_CADENCE: &str = "case";

impl Sources<'_> {
    /// Decides both channels.
    pub fn cadence(&self) -> Cadence {
        Cadence {
            email: self.choose(Channel::Email),
            call: self.choose(Channel::Call),
            case_type: self.case_type.map(|c| c.case_type.clone()),
        }
    }

    /// What each level says about `channel`, highest precedence first.
    fn levels(&self, channel: Channel) -> [Says; 4] {
        let case = self.case;
        let email = channel == Channel::Email;
        [
            Says {
                level: Level::Case,
                off_because: "turned off on the case",
                on: pick(email, case.email_enabled, case.call_enabled),
                delay: case_has_own_cadence(case)
                    .then_some(pick(email, case.email_delay_days, case.call_delay_days))
                    .flatten(),
                time: None,
            },
            self.case_type.map_or_else(Says::silent, |c| Says {
                level: Level::CaseType,
                off_because: "turned off for the case type",
                on: pick(email, c.auto_schedule_email, c.auto_schedule_call),
                delay: pick(email, c.email_delay_days, c.call_delay_days),
                time: pick(email, c.preferred_email_time, c.preferred_call_time),
            }),
            self.config.map_or_else(Says::silent, |c| Says {
                level: Level::AutoScheduling,
                off_because: "turned off in the clinic's auto-scheduling",
                on: pick(email, c.auto_email_enabled, c.auto_call_enabled),
                delay: pick(email, c.email_delay_days, c.call_delay_days),
                time: pick(email, c.preferred_email_time, c.preferred_call_time),
            }),
            self.settings.map_or_else(Says::silent, |s| Says {
                level: Level::ClinicSettings,
                off_because: "",
                on: None,
                delay: pick(email, s.email_delay_days, s.call_delay_days),
                time: None,
            }),
        ]
    }

    fn choose(&self, channel: Channel) -> ChannelChoice {
        let (default_delay, _, _) = defaults(channel);
        let (start, end) = window_of(self.settings, channel);
        let levels = self.levels(channel);
        // The case may only turn a channel off (its flags default to on); a type that is never
        // followed up turns both off; otherwise the first level with a cadence says.
        let off = if levels[0].on == Some(false) {
            Some(levels[0].off_because)
        } else if self.case_type.and_then(|c| c.never_auto_schedule) == Some(true) {
            Some("the case type is never followed up automatically")
        } else {
            levels[1..3]
                .iter()
                .find(|l| l.level != Level::Default)
                .filter(|l| l.on == Some(false))
                .map(|l| l.off_because)
        };
        let (delay_from, delay_days) = levels
            .iter()
            .find_map(|l| l.delay.map(|d| (l.level, d.max(0))))
            .unwrap_or((Level::Default, default_delay));
        let window_from = if self.settings.is_some() {
            Level::ClinicSettings
        } else {
            Level::Default
        };
        let (time_from, time) = levels
            .iter()
            .find_map(|l| l.time.map(|t| (l.level, t)))
            .filter(|(_, t)| (start..=end).contains(t))
            .unwrap_or((window_from, start));
        ChannelChoice {
            off,
            delay_days,
            delay_from,
            time,
            time_from,
            window: (start, end),
        }
    }
}

/// The e-mail's value or the call's.
fn pick<T>(email: bool, for_email: T, for_call: T) -> T {
    if email { for_email } else { for_call }
}

/// What one level of settings says about a channel (`None`: nothing; the next level speaks).
struct Says {
    level: Level,
    /// Why the channel is off when this level turns it off.
    off_because: &'static str,
    on: Option<bool>,
    delay: Option<i32>,
    time: Option<NaiveTime>,
}

impl Says {
    /// A level with no row.
    fn silent() -> Says {
        Says {
            level: Level::Default,
            off_because: "",
            on: None,
            delay: None,
            time: None,
        }
    }
}

/// When the follow-up of a case discharged at `discharged` goes out: the clinic's date the
/// delay lands on, at the chosen time. When that has already passed (a delay of zero days
/// after the window closed), the earliest moment of a window from `now` on.
pub fn due_at(
    clock: &ClinicClock,
    discharged: DateTime<Utc>,
    choice: &ChannelChoice,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let date = clock.date_of(discharged) + Duration::days(i64::from(choice.delay_days));
    let at = clock.instant_or_later(date, choice.time);
    if at >= now {
        return at;
    }
    let (start, end) = choice.window;
    let local = clock.local(now);
    let today = local.date_naive();
    let time = local.time();
    if time < start {
        clock.instant_or_later(today, start)
    } else if time < end {
        // Within today's window: the next whole minute.
        let minute = now
            - Duration::seconds(i64::from(now.second()))
            - Duration::nanoseconds(i64::from(now.nanosecond()));
        minute + Duration::minutes(1)
    } else {
        clock.instant_or_later(today + Duration::days(1), start)
    }
}

/// The opening of the next window after `now` (a retry of an unanswered call): today's when
/// it has not opened yet, else tomorrow's.
pub fn next_opening(
    clock: &ClinicClock,
    window: (NaiveTime, NaiveTime),
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let today = clock.date_of(now);
    let opening = clock.instant_or_later(today, window.0);
    if opening > now {
        opening
    } else {
        clock.instant_or_later(today + Duration::days(1), window.0)
    }
}

/// The window a channel uses at a clinic: its settings' preferred window, else the schema's
/// defaults; a window that closes before it opens is read as the opening alone.
pub fn window_of(
    settings: Option<&clinic_settings::Model>,
    channel: Channel,
) -> (NaiveTime, NaiveTime) {
    let (_, default_start, default_end) = defaults(channel);
    let (start, end) = match channel {
        Channel::Email => (
            settings.and_then(|s| s.preferred_email_start_time),
            settings.and_then(|s| s.preferred_email_end_time),
        ),
        Channel::Call => (
            settings.and_then(|s| s.preferred_call_start_time),
            settings.and_then(|s| s.preferred_call_end_time),
        ),
    };
    let start = start.unwrap_or(default_start);
    (start, end.unwrap_or(default_end).max(start))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn case() -> cases::Model {
        cases::Model {
            call_enabled: Some(true),
            email_enabled: Some(true),
            cadence_source: Some("default".into()),
            call_delay_days: Some(1),
            email_delay_days: Some(1),
            ..Default::default()
        }
    }

    fn settings() -> clinic_settings::Model {
        clinic_settings::Model {
            preferred_call_start_time: Some(clock(16, 0)),
            preferred_call_end_time: Some(clock(19, 0)),
            preferred_email_start_time: Some(clock(10, 0)),
            preferred_email_end_time: Some(clock(12, 0)),
            call_delay_days: Some(2),
            email_delay_days: Some(1),
            ..Default::default()
        }
    }

    fn cadence_row() -> clinic_case_type_cadence::Model {
        clinic_case_type_cadence::Model {
            case_type: "surgery".into(),
            auto_schedule_call: Some(true),
            auto_schedule_email: Some(false),
            call_delay_days: Some(3),
            email_delay_days: Some(1),
            preferred_call_time: Some(clock(17, 30)),
            preferred_email_time: Some(clock(9, 0)),
            never_auto_schedule: Some(false),
            ..Default::default()
        }
    }

    #[test]
    fn each_level_speaks_only_when_the_one_above_is_silent() {
        let case = case();
        let settings = settings();
        let alone = Sources {
            case: &case,
            case_type: None,
            config: None,
            settings: Some(&settings),
        }
        .cadence();
        assert_eq!(alone.call.delay_days, 2);
        assert_eq!(alone.call.delay_from, Level::ClinicSettings);
        assert_eq!(alone.call.time, clock(16, 0));

        let config = auto_scheduling_config::Model {
            call_delay_days: Some(4),
            preferred_call_time: Some(clock(18, 0)),
            auto_email_enabled: Some(false),
            ..Default::default()
        };
        let with_config = Sources {
            case: &case,
            case_type: None,
            config: Some(&config),
            settings: Some(&settings),
        }
        .cadence();
        assert_eq!(with_config.call.delay_days, 4);
        assert_eq!(with_config.call.time, clock(18, 0));
        assert_eq!(with_config.call.time_from, Level::AutoScheduling);
        assert!(with_config.email.off.is_some());

        let row = cadence_row();
        let typed = Sources {
            case: &case,
            case_type: Some(&row),
            config: Some(&config),
            settings: Some(&settings),
        }
        .cadence();
        assert_eq!(typed.call.delay_days, 3);
        assert_eq!(typed.call.time, clock(17, 30));
        assert_eq!(typed.call.off, None);
        assert_eq!(typed.email.off, Some("turned off for the case type"));
        // The cadence's e-mail time 09:00 is before the 10:00–12:00 window: the opening.
        assert_eq!(typed.email.time, clock(10, 0));
        assert_eq!(typed.email.time_from, Level::ClinicSettings);

        let own = cases::Model {
            cadence_source: Some(OWN_CADENCE.into()),
            call_delay_days: Some(0),
            email_enabled: Some(false),
            ..case.clone()
        };
        let mine = Sources {
            case: &own,
            case_type: Some(&row),
            config: Some(&config),
            settings: Some(&settings),
        }
        .cadence();
        assert_eq!(mine.call.delay_days, 0);
        assert_eq!(mine.call.delay_from, Level::Case);
        assert_eq!(mine.email.off, Some("turned off on the case"));

        let never = clinic_case_type_cadence::Model {
            never_auto_schedule: Some(true),
            ..row
        };
        let never = Sources {
            case: &case,
            case_type: Some(&never),
            config: None,
            settings: None,
        }
        .cadence();
        assert!(never.call.off.is_some() && never.email.off.is_some());
        // Without settings, the schema's defaults.
        assert_eq!(never.call.window, (clock(16, 0), clock(19, 0)));
    }

    #[test]
    fn a_discharge_on_the_evening_before_spring_forward_keeps_its_local_time() {
        let la = ClinicClock::named("America/Los_Angeles").unwrap();
        // Saturday 2027-03-13, 20:00 PST; clocks go forward on Sunday at 02:00.
        let discharged = Utc.with_ymd_and_hms(2027, 3, 14, 4, 0, 0).unwrap();
        let choice = ChannelChoice {
            off: None,
            delay_days: 1,
            delay_from: Level::Default,
            time: clock(16, 0),
            time_from: Level::Default,
            window: (clock(16, 0), clock(19, 0)),
        };
        let due = due_at(&la, discharged, &choice, discharged);
        // Sunday 16:00 PDT is 23:00 UTC (it would be midnight UTC on standard time).
        assert_eq!(due, Utc.with_ymd_and_hms(2027, 3, 14, 23, 0, 0).unwrap());
    }

    #[test]
    fn a_time_already_past_moves_into_the_next_window() {
        let ny = ClinicClock::named("America/New_York").unwrap();
        let choice = ChannelChoice {
            off: None,
            delay_days: 0,
            delay_from: Level::Case,
            time: clock(10, 0),
            time_from: Level::Default,
            window: (clock(10, 0), clock(12, 0)),
        };
        // 11:20:30 EST on 2027-01-12: inside the window, the next minute.
        let now = Utc.with_ymd_and_hms(2027, 1, 12, 16, 20, 30).unwrap();
        assert_eq!(
            due_at(&ny, now, &choice, now),
            Utc.with_ymd_and_hms(2027, 1, 12, 16, 21, 0).unwrap()
        );
        // 15:00 EST: tomorrow's opening.
        let late = Utc.with_ymd_and_hms(2027, 1, 12, 20, 0, 0).unwrap();
        assert_eq!(
            due_at(&ny, late, &choice, late),
            Utc.with_ymd_and_hms(2027, 1, 13, 15, 0, 0).unwrap()
        );
        // 07:00 EST: today's opening.
        let early = Utc.with_ymd_and_hms(2027, 1, 12, 12, 0, 0).unwrap();
        assert_eq!(
            due_at(&ny, early, &choice, early),
            Utc.with_ymd_and_hms(2027, 1, 12, 15, 0, 0).unwrap()
        );
        assert_eq!(
            next_opening(&ny, choice.window, now),
            Utc.with_ymd_and_hms(2027, 1, 13, 15, 0, 0).unwrap()
        );
        assert_eq!(
            next_opening(&ny, choice.window, early),
            Utc.with_ymd_and_hms(2027, 1, 12, 15, 0, 0).unwrap()
        );
    }

    #[test]
    fn every_delay_and_zone_lands_in_the_window_on_the_right_date() {
        for zone in [
            "America/Los_Angeles",
            "Europe/Berlin",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
        ] {
            let clock_ = ClinicClock::named(zone).unwrap();
            for hour in (0..24 * 400).step_by(7) {
                let discharged =
                    Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap() + Duration::hours(hour);
                for delay in [0, 1, 2, 7] {
                    let choice = ChannelChoice {
                        off: None,
                        delay_days: delay,
                        delay_from: Level::Case,
                        time: clock(16, 30),
                        time_from: Level::Default,
                        window: (clock(16, 0), clock(19, 0)),
                    };
                    let due = due_at(&clock_, discharged, &choice, discharged);
                    assert!(due >= discharged, "{zone} {discharged} {delay}");
                    let local = clock_.local(due).time();
                    assert!(
                        (clock(16, 0)..=clock(19, 0)).contains(&local),
                        "{zone} {discharged} +{delay}: {local}"
                    );
                    if delay > 0 {
                        assert_eq!(
                            clock_.date_of(due),
                            clock_.date_of(discharged) + Duration::days(i64::from(delay))
                        );
                    }
                }
            }
        }
    }
}
