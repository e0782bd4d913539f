//! Demo tier 12: a Slack workspace per clinic, with channels, daily checklist tasks and the
//! last days' check-offs.
// Demo rows are tables of tuples, one per row, read column by column below.
#![allow(clippy::type_complexity)]

use entity::{slack_channels, slack_task_completions, slack_tasks, slack_workspaces};
use sea_orm::ActiveValue::Set;

use super::fixtures::{self as fx, ALPINE, DemoClinic, HARBOR, SUNRISE};
use super::organization::owner_of;
use super::{cid, date, local, put, text, time};
use crate::DomainError;
use crate::session::Writer;

/// Slack: workspace per clinic with channels, daily tasks and the last days' check-offs.
pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    // (clinic, team id, team name, channels: (channel id, name, tasks: (key, title, description, hh, mm)))
    type Task = (&'static str, &'static str, &'static str, u32, u32);
    #[rustfmt::skip]
    let workspaces: [(DemoClinic, &str, &str, Vec<(&str, &str, Vec<Task>)>); 3] = [
        (SUNRISE, "T0DEMOSUN1", "Sunrise Vet Team", vec![
            ("C0DEMOSUN01", "front-desk", vec![
                ("confirm-tomorrow", "Confirm tomorrow's appointments", "Call or text every client booked for tomorrow; note no-answers in Neo.", 15, 0),
                ("voicemail", "Check voicemail and assign messages", "Assign every new message in the dashboard before 9 am.", 8, 15),
            ]),
            ("C0DEMOSUN02", "treatment-room", vec![
                ("drug-log", "Controlled drug log count", "Two-person count of the controlled-drug safe; sign the log.", 17, 30),
                ("crash-cart", "Check crash cart and oxygen", "Oxygen tank above 1000 psi, epinephrine and atropine in date.", 7, 45),
            ]),
        ]),
        (HARBOR, "T0DEMOHAR1", "Harbor Animal Hospital", vec![
            ("C0DEMOHAR01", "harbor-ops", vec![
                ("flagged-calls", "Review flagged follow-up calls", "Open every call flagged high or critical and assign a vet callback.", 9, 0),
                ("autoclave", "Run autoclave spore test", "Weekly biological indicator; log the result.", 8, 0),
            ]),
        ]),
        (ALPINE, "T0DEMOALP1", "Alpine Pet Care", vec![
            ("C0DEMOALP01", "clinic", vec![("close-out", "End-of-day close-out", "Reconcile payments and lock the pharmacy.", 17, 0)]),
        ]),
    ];
    for (clinic, team_id, team_name, channels) in workspaces {
        let workspace_id = cid("slack_workspace", &clinic, "main");
        let created = local(&clinic, -90, 10, 0);
        let owner = fx::user_id(owner_of(&clinic));
        put(
            w,
            slack_workspaces::ActiveModel {
                id: Set(workspace_id),
                clinic_id: Set(Some(fx::clinic_id(&clinic))),
                team_id: Set(team_id.into()),
                team_name: Set(text(team_name)),
                // Shaped like a bot token so parsers accept it; it authenticates nothing.
                bot_token: Set(Some(format!(
                    "xoxb-demo-{}-0000000000-notarealtoken",
                    clinic.key
                ))),
                bot_user_id: Set(Some(format!("U0DEMOBOT{}", &team_id[7..]))),
                scope: Set(text("chat:write,channels:read,commands,reactions:read")),
                is_active: Set(Some(true)),
                created_at: Set(Some(created)),
                updated_at: Set(Some(created)),
            },
        )
        .await?;
        for (channel_id, channel_name, tasks) in channels {
            let channel_row = cid("slack_channel", &clinic, channel_id);
            put(
                w,
                slack_channels::ActiveModel {
                    id: Set(channel_row),
                    workspace_id: Set(workspace_id),
                    channel_id: Set(channel_id.into()),
                    channel_name: Set(text(channel_name)),
                    timezone: Set(text(clinic.timezone)),
                    is_active: Set(Some(true)),
                    added_by: Set(Some(owner)),
                    created_at: Set(Some(created)),
                    updated_at: Set(Some(created)),
                },
            )
            .await?;
            for (key, title, description, hh, mm) in tasks {
                let task_id = cid("slack_task", &clinic, key);
                put(
                    w,
                    slack_tasks::ActiveModel {
                        id: Set(task_id),
                        channel_id: Set(channel_row),
                        title: Set(title.into()),
                        description: Set(text(description)),
                        reminder_time: Set(Some(time(hh, mm))),
                        is_active: Set(Some(true)),
                        created_by: Set(Some(owner)),
                        created_at: Set(Some(created)),
                        updated_at: Set(Some(created)),
                    },
                )
                .await?;
                // Done on the last two weekdays (Thursday and Friday before the anchor).
                for day in [-4, -3] {
                    let done = local(&clinic, day, i64::from(hh), i64::from(mm) + 12);
                    put(
                        w,
                        slack_task_completions::ActiveModel {
                            id: Set(cid(
                                "slack_task_completion",
                                &clinic,
                                &format!("{key}/{day}"),
                            )),
                            task_id: Set(task_id),
                            completion_date: Set(date(day)),
                            completed_by_username: Set(text(match clinic.key {
                                "sunrise" => "jordan.blake",
                                "harbor" => "hannah.lee",
                                _ => "karin",
                            })),
                            completed_at: Set(Some(done)),
                            message_ts: Set(Some(format!(
                                "{}.{:06}",
                                done.timestamp(),
                                100 + hh * 10 + mm
                            ))),
                        },
                    )
                    .await?;
                }
            }
        }
    }
    Ok(())
}
