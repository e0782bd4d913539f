//! Demo tier 5, outbound side: discharge follow-up calls in every status with their analyses,
//! and follow-up e-mails. Also the call-analysis builder the inbound side shares.

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::{AttentionSeverity, EmailStatus, OutboundCallStatus};
use entity::{call_analysis, outbound_calls, outbound_emails};
use sea_orm::ActiveValue::Set;
use serde_json::{Value, json};
use uuid::Uuid;

use super::clinical::case;
use super::fixtures::{self as fx, ALPINE, DemoClinic, HARBOR, SUNRISE};
use super::{cid, dec, local, put, text};
use crate::DomainError;
use crate::session::Writer;

/// What the analysis job extracted from one call.
pub(super) struct Analysis {
    pub outcome: &'static str,
    pub recovery: Option<&'static str>,
    pub compliance: Option<&'static str>,
    pub sentiment: &'static str,
    pub escalation: bool,
    pub follow_up: bool,
    /// Severity, attention types and summary, when the call needs a human.
    pub attention: Option<(AttentionSeverity, &'static [&'static str], &'static str)>,
    pub summary: &'static str,
}

/// The call a `call_analysis` row belongs to (exactly one, by the table's CHECK).
pub(super) enum Parent {
    Inbound(Uuid),
    Outbound(Uuid),
}

/// Inserts the analysis of a call that ended at `ended`.
pub(super) async fn insert_analysis(
    w: &Writer<'_>,
    clinic: &DemoClinic,
    key: &str,
    parent: Parent,
    a: &Analysis,
    ended: DateTime<Utc>,
) -> Result<(), DomainError> {
    let (inbound, outbound) = match parent {
        Parent::Inbound(id) => (Some(id), None),
        Parent::Outbound(id) => (None, Some(id)),
    };
    let analysed = ended + TimeDelta::seconds(40);
    let detail = |v: Option<&str>| v.map(|s| json!({ "status": s, "source": "transcript" }));
    put(
        w,
        call_analysis::ActiveModel {
            id: Set(cid("call_analysis", clinic, key)),
            clinic_id: Set(fx::clinic_id(clinic)),
            inbound_call_id: Set(inbound),
            outbound_call_id: Set(outbound),
            call_outcome: Set(text(a.outcome)),
            call_outcome_details: Set(Some(json!({ "outcome": a.outcome, "confidence": 0.92 }))),
            pet_recovery_status: Set(a.recovery.map(str::to_owned)),
            pet_health_details: Set(detail(a.recovery)),
            medication_compliance: Set(a.compliance.map(str::to_owned)),
            medication_details: Set(detail(a.compliance)),
            owner_sentiment: Set(text(a.sentiment)),
            owner_sentiment_details: Set(Some(json!({ "sentiment": a.sentiment }))),
            escalation_triggered: Set(Some(a.escalation)),
            escalation_details: Set(a
                .escalation
                .then(|| json!({ "notified": "on-duty veterinarian", "channel": "slack" }))),
            follow_up_needed: Set(Some(a.follow_up)),
            follow_up_details: Set(a
                .follow_up
                .then(|| json!({ "action": "call owner back", "due_within_hours": 4 }))),
            attention_types: Set(Some(
                a.attention
                    .map_or(Vec::new(), |t| t.1.iter().map(|s| s.to_string()).collect()),
            )),
            attention_severity: Set(a.attention.map(|t| t.0)),
            attention_summary: Set(a.attention.map(|t| t.2.to_owned())),
            attention_flagged_at: Set(a.attention.map(|_| analysed)),
            summary: Set(text(a.summary)),
            success_evaluation: Set(text(if a.outcome == "no_contact" {
                "false"
            } else {
                "true"
            })),
            structured_data: Set(Some(
                json!({ "model": "gpt-4o-mini", "prompt": "outbound_call_analysis_v3" }),
            )),
            created_at: Set(Some(analysed)),
        },
    )
    .await
}

/// Splits a transcript of `AI:` / `User:` lines into VAPI-style messages.
pub(super) fn messages(transcript: &str) -> Value {
    let list: Vec<Value> = transcript
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (role, message) = line.split_once(": ")?;
            let role = if role == "AI" { "assistant" } else { "user" };
            Some(json!({ "role": role, "message": message, "secondsFromStart": i * 9 }))
        })
        .collect();
    Value::Array(list)
}

struct Call {
    clinic: DemoClinic,
    key: &'static str,
    case: &'static str,
    status: OutboundCallStatus,
    /// Scheduled (or started) on this day and wall-clock time of the clinic.
    when: (i64, i64, i64),
    duration: Option<i32>,
    ended_reason: Option<&'static str>,
    transcript: Option<&'static str>,
    analysis: Option<Analysis>,
}

use AttentionSeverity::{Critical, High, Medium};
use OutboundCallStatus::{Cancelled, Ended, Failed, InProgress, Queued};

#[rustfmt::skip]
const CALLS: &[Call] = &[
    Call { clinic: SUNRISE, key: "luna-1", case: "luna-dental", status: Cancelled, when: (-5, 16, 0), duration: None, ended_reason: None, transcript: None, analysis: None },
    Call { clinic: SUNRISE, key: "luna-2", case: "luna-dental", status: Ended, when: (-4, 16, 0), duration: Some(182), ended_reason: Some("customer-ended-call"),
        transcript: Some("AI: Hi, this is Sunrise Veterinary Clinic calling to check on Luna after her dental procedure. Is now a good time?\nUser: Yes, hi! She's doing great.\nAI: Wonderful. Is she eating the soft food?\nUser: She is, she inhales it. No bleeding since the first night.\nAI: And is she getting her carprofen and gabapentin?\nUser: Yep, with breakfast and dinner.\nAI: Perfect. Her recheck is on the 16th. Anything else we can help with?\nUser: No, thank you so much."),
        analysis: Some(Analysis { outcome: "completed", recovery: Some("recovering_well"), compliance: Some("compliant"), sentiment: "positive", escalation: false, follow_up: false, attention: None,
            summary: "Luna is eating soft food well, no bleeding since the first night, medications given as prescribed. Recheck confirmed." }) },
    Call { clinic: SUNRISE, key: "biscuit-1", case: "biscuit-arthritis", status: Ended, when: (-3, 16, 0), duration: Some(241), ended_reason: Some("assistant-ended-call"),
        transcript: Some("AI: Hello, this is Sunrise Veterinary Clinic following up on Biscuit's visit. How is he doing on the new medication?\nUser: Honestly not great. He threw up twice yesterday and this morning his stool was really dark, almost black.\nAI: I'm sorry to hear that. Is he still eating?\nUser: Barely. He skipped breakfast.\nAI: Please stop the carprofen for now. I'm flagging this for Dr. Natarajan and someone will call you back within the hour.\nUser: Okay, thank you."),
        analysis: Some(Analysis { outcome: "completed", recovery: Some("declining"), compliance: Some("stopped_due_to_side_effects"), sentiment: "concerned", escalation: false, follow_up: true,
            attention: Some((High, &["medication_side_effect", "health_concern"], "Vomiting x2 and dark, tarry stool after starting carprofen; possible GI ulceration. Owner told to stop carprofen pending a vet callback.")),
            summary: "Owner reports vomiting and melena since starting carprofen; appetite reduced. Advised to stop the NSAID; vet callback requested." }) },
    Call { clinic: SUNRISE, key: "kiwi-1", case: "kiwi-egg-binding", status: Ended, when: (-1, 11, 0), duration: Some(156), ended_reason: Some("assistant-forwarded-call"),
        transcript: Some("AI: Hi, this is Sunrise Veterinary Clinic checking on Kiwi after her visit yesterday.\nUser: I'm glad you called, she's on the bottom of the cage again and her tail keeps pumping.\nAI: Is she straining or breathing with her mouth open?\nUser: Yes, both.\nAI: That can be an emergency for a bird. I'm connecting you to the clinic now, and if we can't reach you please go to Westside Animal Emergency."),
        analysis: Some(Analysis { outcome: "transferred", recovery: Some("declining"), compliance: Some("compliant"), sentiment: "anxious", escalation: true, follow_up: true,
            attention: Some((Critical, &["health_concern", "callback_requested"], "Cockatiel straining again with open-mouth breathing one day after egg-binding treatment; possible second egg. Call forwarded; needs same-day exam.")),
            summary: "Kiwi is straining and sitting on the cage floor again with open-mouth breathing. Call forwarded to the clinic; owner given the emergency hospital number." }) },
    Call { clinic: SUNRISE, key: "mochi-1", case: "mochi-spay", status: Queued, when: (0, 16, 0), duration: None, ended_reason: None, transcript: None, analysis: None },
    Call { clinic: SUNRISE, key: "daisy-1", case: "daisy-otitis", status: Failed, when: (-2, 12, 0), duration: None, ended_reason: Some("twilio-failed-to-connect-call"), transcript: None, analysis: None },
    Call { clinic: SUNRISE, key: "daisy-2", case: "daisy-otitis", status: InProgress, when: (-1, 15, 55), duration: None, ended_reason: None, transcript: None, analysis: None },
    Call { clinic: HARBOR, key: "bear-1", case: "bear-tplo", status: Ended, when: (-3, 16, 0), duration: Some(298), ended_reason: Some("assistant-forwarded-call"),
        transcript: Some("AI: Hi, this is Harbor Animal Hospital calling to see how Bear is doing after his knee surgery.\nUser: The incision looks worse today. It's swollen and there's yellowish stuff coming out of the bottom.\nAI: Is he putting any weight on the leg?\nUser: Less than yesterday. And he feels warm.\nAI: Thank you. Those are signs the surgeon needs to see today. I'm transferring you to the front desk to book an urgent recheck."),
        analysis: Some(Analysis { outcome: "transferred", recovery: Some("complication_suspected"), compliance: Some("compliant"), sentiment: "worried", escalation: true, follow_up: true,
            attention: Some((Critical, &["surgical_complication", "callback_requested"], "Swelling and purulent discharge at the TPLO incision on day 1 post-op, decreased weight bearing, feels warm. Possible surgical site infection; same-day recheck needed.")),
            summary: "Owner reports incision swelling with yellow discharge and reduced weight bearing after TPLO. Transferred for an urgent recheck." }) },
    Call { clinic: HARBOR, key: "oliver-0", case: "oliver-ckd", status: Failed, when: (-4, 16, 0), duration: None, ended_reason: Some("customer-busy"), transcript: None, analysis: None },
    Call { clinic: HARBOR, key: "oliver-1", case: "oliver-ckd", status: Ended, when: (-3, 16, 30), duration: Some(205), ended_reason: Some("customer-ended-call"),
        transcript: Some("AI: Hello, this is Harbor Animal Hospital checking in on Oliver. How are the fluids going?\nUser: Better than I expected. He sits still for them now.\nAI: Great. Any vomiting since the visit?\nUser: None at all, and he's eating the kidney food.\nAI: Good to hear. His blood pressure recheck is in two weeks.\nUser: We'll be there."),
        analysis: Some(Analysis { outcome: "completed", recovery: Some("stable"), compliance: Some("compliant"), sentiment: "positive", escalation: false, follow_up: false, attention: None,
            summary: "Owner giving SC fluids every other day without trouble; no vomiting; eating the renal diet. Recheck in two weeks confirmed." }) },
    Call { clinic: HARBOR, key: "cleo-1", case: "cleo-derm", status: Ended, when: (-6, 16, 0), duration: Some(174), ended_reason: Some("customer-ended-call"),
        transcript: Some("AI: Hi, this is Harbor Animal Hospital following up on Cleo's skin.\nUser: The scabs are getting better but she's still licking her belly a lot.\nAI: Did all the pets in the house get flea treatment?\nUser: Oh, not the dog yet. I'll do it tonight.\nAI: That's important. I'll let Dr. Patel know about the licking."),
        analysis: Some(Analysis { outcome: "completed", recovery: Some("improving"), compliance: Some("partial"), sentiment: "neutral", escalation: false, follow_up: true,
            attention: Some((Medium, &["health_concern"], "Still overgrooming the belly; the household dog has not had flea treatment yet.")),
            summary: "Scabs improving, overgrooming continues; dog in household untreated for fleas. Owner will treat tonight." }) },
    Call { clinic: HARBOR, key: "penny-1", case: "penny-cardio", status: Queued, when: (0, 16, 0), duration: None, ended_reason: None, transcript: None, analysis: None },
    Call { clinic: HARBOR, key: "rocky-1", case: "rocky-gastro", status: Cancelled, when: (0, 17, 0), duration: None, ended_reason: None, transcript: None, analysis: None },
    Call { clinic: ALPINE, key: "summit-1", case: "summit-laceration", status: Ended, when: (-2, 16, 0), duration: Some(133), ended_reason: Some("customer-ended-call"),
        transcript: Some("AI: Hi, this is Alpine Pet Care checking on Summit's paw.\nUser: He's fine, annoyed by the bandage but it's dry and clean.\nAI: Great. His bandage change is on Monday.\nUser: Perfect, see you then."),
        analysis: Some(Analysis { outcome: "completed", recovery: Some("recovering_well"), compliance: Some("compliant"), sentiment: "positive", escalation: false, follow_up: false, attention: None,
            summary: "Bandage clean and dry, Summit comfortable. Bandage change confirmed." }) },
];

pub(super) fn call_id(clinic: &DemoClinic, key: &str) -> Uuid {
    cid("outbound_call", clinic, key)
}

pub(super) fn email_id(clinic: &DemoClinic, case_key: &str) -> Uuid {
    cid("outbound_email", clinic, case_key)
}

/// E-mail status per case; cases not listed get none (drafts, the euthanasia, no address).
#[rustfmt::skip]
const EMAILS: &[(DemoClinic, &str, EmailStatus, i64)] = &[
    (SUNRISE, "luna-dental", EmailStatus::Delivered, -5),
    (SUNRISE, "biscuit-arthritis", EmailStatus::Delivered, -4),
    (SUNRISE, "mochi-spay", EmailStatus::Queued, 0),
    (SUNRISE, "daisy-otitis", EmailStatus::Bounced, -3),
    (HARBOR, "bear-tplo", EmailStatus::Delivered, -3),
    (HARBOR, "oliver-ckd", EmailStatus::Sent, -4),
    (HARBOR, "cleo-derm", EmailStatus::Delivered, -6),
    (HARBOR, "penny-cardio", EmailStatus::Queued, 0),
    (HARBOR, "rocky-gastro", EmailStatus::Failed, -1),
    (ALPINE, "summit-laceration", EmailStatus::Delivered, -2),
];

pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    for (n, call) in CALLS.iter().enumerate() {
        let case = case(&call.clinic, call.case);
        let id = call_id(&call.clinic, call.key);
        let scheduled = local(&call.clinic, call.when.0, call.when.1, call.when.2);
        let dialled = !matches!(call.status, Queued | Cancelled);
        let ended = call
            .duration
            .map(|d| scheduled + TimeDelta::seconds(i64::from(d) + 4));
        let ck = call.clinic.key;
        let created = case.visit() + TimeDelta::hours(4);
        // Retries of the same case count up.
        let attempt = CALLS[..n]
            .iter()
            .filter(|c| c.clinic.key == ck && c.case == call.case)
            .count()
            + 1;
        put(w, outbound_calls::ActiveModel {
            id: Set(id),
            clinic_id: Set(fx::clinic_id(&call.clinic)),
            case_id: Set(case.id()),
            vapi_call_id: Set(dialled.then(|| format!("demo-out-{ck}-{}", call.key))),
            assistant_id: Set(Some(format!("asst_demo_{ck}_outbound"))),
            outbound_phone_number_id: Set(Some(format!("pn_demo_{ck}_main"))),
            customer_phone: Set(text(case.owner().phone)),
            scheduled_for: Set(Some(scheduled)),
            qstash_message_id: Set(Some(format!("msg_demo_{ck}_{}", call.key))),
            status: Set(Some(call.status)),
            started_at: Set(dialled.then(|| scheduled + TimeDelta::seconds(4))),
            ended_at: Set(ended.or((call.status == Failed).then(|| scheduled + TimeDelta::seconds(31)))),
            ended_reason: Set(call.ended_reason.map(str::to_owned)),
            duration_seconds: Set(call.duration),
            // About ten cents a minute.
            cost: Set(call.duration.map(|d| dec(i64::from(d) * 50 / 3, 4))),
            recording_url: Set(call.duration.map(|_| format!("https://recordings.example.com/demo/{ck}/{}.wav", call.key))),
            stereo_recording_url: Set(call.duration.map(|_| format!("https://recordings.example.com/demo/{ck}/{}-stereo.wav", call.key))),
            transcript: Set(call.transcript.map(str::to_owned)),
            transcript_messages: Set(call.transcript.map(messages)),
            cleaned_transcript: Set(call.transcript.map(|t| t.replace("AI: ", "Assistant: ").replace("User: ", "Owner: "))),
            review_category: Set(text(match (&call.analysis, call.status) {
                (Some(Analysis { attention: Some(_), .. }), _) => "needs_attention",
                (Some(_), _) => "reviewed",
                _ => "to_review",
            })),
            metadata: Set(Some(match call.status {
                Cancelled if ck == "harbor" => json!({ "cancelled_reason": "owner asked for text updates instead of calls" }),
                Cancelled => json!({ "cancelled_reason": "owner called the clinic before the follow-up" }),
                _ => json!({ "attempt": attempt }),
            })),
            created_at: Set(Some(created)),
            updated_at: Set(Some(match call.status {
                Queued => created,
                Cancelled => created + TimeDelta::hours(20),
                _ => ended.unwrap_or(scheduled + TimeDelta::seconds(31)),
            })),
        })
        .await?;
        if let (Some(analysis), Some(ended)) = (&call.analysis, ended) {
            insert_analysis(
                w,
                &call.clinic,
                &format!("out/{}", call.key),
                Parent::Outbound(id),
                analysis,
                ended,
            )
            .await?;
        }
    }

    for (clinic, case_key, status, day) in EMAILS {
        let case = case(clinic, case_key);
        let owner = case.owner();
        let pet = case.patient();
        let scheduled = local(clinic, *day, 10, 0);
        let sent = matches!(
            status,
            EmailStatus::Sent | EmailStatus::Delivered | EmailStatus::Bounced
        );
        let body = format!(
            "Hi {first},\n\nThank you for bringing {pet} to {clinic}. Your visit summary and home-care instructions are below; \
             reply to this e-mail or call us at any time with questions.\n\nThe {clinic} team",
            first = owner.first,
            pet = pet.name,
            clinic = clinic.name,
        );
        put(
            w,
            outbound_emails::ActiveModel {
                id: Set(email_id(clinic, case_key)),
                clinic_id: Set(fx::clinic_id(clinic)),
                case_id: Set(case.id()),
                recipient_email: Set(owner
                    .email
                    .expect("e-mailed clients have an address")
                    .to_owned()),
                recipient_name: Set(Some(owner.name())),
                subject: Set(Some(format!(
                    "{}'s visit summary from {}",
                    pet.name, clinic.name
                ))),
                html_content: Set(Some(format!("<p>{}</p>", body.replace("\n\n", "</p><p>")))),
                text_content: Set(Some(body)),
                scheduled_for: Set(Some(scheduled)),
                status: Set(Some(*status)),
                sent_at: Set(sent.then(|| scheduled + TimeDelta::seconds(12))),
                resend_email_id: Set(sent.then(|| format!("re_demo_{}_{case_key}", clinic.key))),
                qstash_message_id: Set(Some(format!("msg_demo_{}_{case_key}_email", clinic.key))),
                metadata: Set(Some(match status {
                    EmailStatus::Bounced => {
                        json!({ "bounce_type": "hard", "smtp": "550 5.1.1 mailbox unavailable" })
                    }
                    EmailStatus::Failed => {
                        json!({ "error": "recipient domain did not accept mail" })
                    }
                    _ => json!({}),
                })),
                created_at: Set(Some(case.visit() + TimeDelta::hours(4))),
                updated_at: Set(Some(scheduled + TimeDelta::seconds(12))),
            },
        )
        .await?;
    }
    Ok(())
}
