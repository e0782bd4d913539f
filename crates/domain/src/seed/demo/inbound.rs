//! Demo tier 5, inbound side: calls answered by the voice assistant, each with its analysis,
//! and the messages and refill requests they left behind (bookings are in `bookings`).
// Demo rows are tables of tuples, one per row, read column by column below.
#![allow(clippy::type_complexity)]

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::{
    AttentionSeverity, InboundCallOutcome, InboundCallStatus, MessagePriority, MessageStatus,
    RefillStatus,
};
use entity::{clinic_messages, inbound_calls, refill_requests};
use sea_orm::ActiveValue::Set;
use serde_json::json;
use uuid::Uuid;

use super::bookings::BOOKINGS;
use super::communications::{Analysis, Parent, insert_analysis, messages};
use super::fixtures::{self as fx, ALPINE, DemoClinic, HARBOR, SUNRISE};
use super::{cid, date, dec, local, put, text};
use crate::DomainError;
use crate::session::Writer;

use InboundCallOutcome::{
    AppointmentBooked, AppointmentCancelled, AppointmentRescheduled, HungUp, InfoProvided,
    MessageTaken, RefillRequested,
};

pub(super) struct Call {
    clinic: DemoClinic,
    key: &'static str,
    pub caller: &'static str,
    pub phone: &'static str,
    pub pet: Option<&'static str>,
    outcome: InboundCallOutcome,
    /// Day and wall-clock time of the clinic.
    when: (i64, i64, i64),
    duration: i32,
    transcript: &'static str,
    analysis: Analysis,
}

/// A plain analysis: the call did what the caller wanted.
const fn done(outcome: &'static str, summary: &'static str) -> Analysis {
    Analysis {
        outcome,
        recovery: None,
        compliance: None,
        sentiment: "positive",
        escalation: false,
        follow_up: false,
        attention: None,
        summary,
    }
}

#[rustfmt::skip]
const CALLS: &[Call] = &[
    Call { clinic: SUNRISE, key: "gonzalez-book", caller: "Maria Gonzalez", phone: "+15550101001", pet: Some("Luna"), outcome: AppointmentBooked, when: (-5, 11, 20), duration: 148,
        transcript: "AI: Thank you for calling Sunrise Veterinary Clinic, how can I help?\nUser: I need to book Luna's dental recheck, two weeks from her cleaning.\nAI: I have Tuesday the 10th at 10 am with Dr. Ramirez. Does that work?\nUser: Yes, perfect.\nAI: You're booked. Your confirmation number is SUN-4821.",
        analysis: done("appointment_booked", "Booked Luna's dental recheck for Tuesday 10 am with Dr. Ramirez.") },
    Call { clinic: SUNRISE, key: "gonzalez-reschedule", caller: "Maria Gonzalez", phone: "+15550101001", pet: Some("Luna"), outcome: AppointmentRescheduled, when: (-2, 10, 5), duration: 121,
        transcript: "AI: Sunrise Veterinary Clinic, how can I help?\nUser: I have to move Luna's recheck on the 10th, I'll be out of town.\nAI: I can offer Wednesday the 11th at 3 pm.\nUser: That works.\nAI: Done. Your new confirmation number is SUN-4907.",
        analysis: done("appointment_rescheduled", "Moved Luna's recheck from Tue 10 am to Wed 3 pm; owner traveling.") },
    Call { clinic: SUNRISE, key: "whitfield-message", caller: "James Whitfield", phone: "+15550101002", pet: Some("Biscuit"), outcome: MessageTaken, when: (-3, 17, 40), duration: 96,
        transcript: "AI: Sunrise Veterinary Clinic, how can I help?\nUser: I spoke to your assistant earlier about Biscuit. I stopped the carprofen but I'd like Dr. Natarajan to call me about what to give him instead.\nAI: I'll make sure she gets the message tonight. Is this the best number?\nUser: Yes.",
        analysis: Analysis { outcome: "message_taken", recovery: Some("declining"), compliance: Some("stopped_due_to_side_effects"), sentiment: "concerned", escalation: false, follow_up: true,
            attention: Some((AttentionSeverity::Medium, &["callback_requested", "medication_side_effect"], "Owner stopped carprofen after GI signs and wants a pain-management alternative.")),
            summary: "Owner requests a callback from Dr. Natarajan about an alternative to carprofen." } },
    Call { clinic: SUNRISE, key: "hayes-refill", caller: "Robert Hayes", phone: "+15550101004", pet: Some("Daisy"), outcome: RefillRequested, when: (-4, 9, 15), duration: 88,
        transcript: "AI: Sunrise Veterinary Clinic, how can I help?\nUser: Daisy's almost out of her Apoquel, the 5.4 milligram.\nAI: I've sent the refill request to the doctor. Pickup at the clinic as usual?\nUser: Yes please.",
        analysis: done("refill_requested", "Apoquel 5.4 mg refill for Daisy, pickup at the clinic.") },
    Call { clinic: SUNRISE, key: "info-hours", caller: "Unknown caller", phone: "+15550109876", pet: None, outcome: InfoProvided, when: (-2, 9, 30), duration: 64,
        transcript: "AI: Sunrise Veterinary Clinic, how can I help?\nUser: Do you see rabbits, and are you open Saturdays?\nAI: Yes, Dr. Patel sees rabbits, and we're open Saturdays from 9 to 2.\nUser: Great, thanks.",
        analysis: done("info_provided", "Caller asked about rabbit care and Saturday hours.") },
    Call { clinic: SUNRISE, key: "martins-book", caller: "Sofia Martins", phone: "+15550101005", pet: Some("Kiwi"), outcome: AppointmentBooked, when: (-1, 11, 5), duration: 110,
        transcript: "AI: Sunrise Veterinary Clinic, how can I help?\nUser: Your assistant said Kiwi needs to be seen. What's the first slot tomorrow?\nAI: Monday at 9 am with Dr. Patel. I've booked it, confirmation SUN-4935.\nUser: Thank you.",
        analysis: done("appointment_booked", "Urgent recheck for Kiwi booked Monday 9 am.") },
    Call { clinic: HARBOR, key: "kowalski-book", caller: "Daniel Kowalski", phone: "+15550201001", pet: Some("Bear"), outcome: AppointmentBooked, when: (-3, 16, 10), duration: 133,
        transcript: "AI: Harbor Animal Hospital, how can I help?\nUser: I was told Bear needs to come in today for his incision.\nAI: Dr. Okafor can see him at 6 pm today. Confirmation HAR-2207.\nUser: We'll be there.",
        analysis: Analysis { outcome: "appointment_booked", recovery: Some("complication_suspected"), compliance: None, sentiment: "worried", escalation: false, follow_up: false,
            attention: None, summary: "Same-day incision recheck for Bear booked at 6 pm with Dr. Okafor." } },
    Call { clinic: HARBOR, key: "bennett-book", caller: "Olivia Bennett", phone: "+15550209001", pet: Some("Biscotti"), outcome: AppointmentBooked, when: (-2, 13, 0), duration: 176,
        transcript: "AI: Harbor Animal Hospital, how can I help?\nUser: I just adopted a puppy and need a first visit.\nAI: Welcome! I have Tuesday at 10 am. What's the puppy's name and breed?\nUser: Biscotti, a Cavapoo, 10 weeks.\nAI: You're booked, confirmation HAR-2231. Please bring any shelter records.",
        analysis: done("appointment_booked", "New client; first puppy visit for Biscotti booked Tuesday 10 am.") },
    Call { clinic: HARBOR, key: "johnson-cancel", caller: "Marcus Johnson", phone: "+15550201003", pet: Some("Zeus"), outcome: AppointmentCancelled, when: (-1, 12, 0), duration: 71,
        transcript: "AI: Harbor Animal Hospital, how can I help?\nUser: I need to cancel Zeus's neuter on Wednesday, we're waiting until he's a bit older.\nAI: It's cancelled. Would you like a reminder in three months?\nUser: Sure.",
        analysis: done("appointment_cancelled", "Cancelled Zeus's neuter; owner wants to wait. Reminder in 3 months.") },
    Call { clinic: HARBOR, key: "liu-message", caller: "Grace Liu", phone: "+15550201002", pet: Some("Oliver"), outcome: MessageTaken, when: (-2, 14, 20), duration: 83,
        transcript: "AI: Harbor Animal Hospital, how can I help?\nUser: I'm running low on needles and fluid lines for Oliver. Can someone set aside a box?\nAI: I'll pass that to the team and they'll call when it's ready.",
        analysis: done("message_taken", "Owner needs more needles and lines for Oliver's SC fluids.") },
    Call { clinic: HARBOR, key: "oconnor-refill", caller: "Emily O'Connor", phone: "+15550201004", pet: Some("Penny"), outcome: RefillRequested, when: (-2, 11, 45), duration: 79,
        transcript: "AI: Harbor Animal Hospital, how can I help?\nUser: Penny needs a refill of pimobendan, 2.5 milligrams.\nAI: Sent to the doctor. Should it go to your pharmacy?\nUser: Yes, the Walgreens on Court Street.",
        analysis: done("refill_requested", "Pimobendan 2.5 mg refill for Penny to the Court Street pharmacy.") },
    Call { clinic: HARBOR, key: "info-parking", caller: "Unknown caller", phone: "+15550208765", pet: None, outcome: InfoProvided, when: (-1, 10, 30), duration: 52,
        transcript: "AI: Harbor Animal Hospital, how can I help?\nUser: Is there parking near you?\nAI: There's a garage on State Street, and street parking on Atlantic Avenue.",
        analysis: done("info_provided", "Caller asked about parking.") },
    Call { clinic: HARBOR, key: "hassan-hold", caller: "Ahmed Hassan", phone: "+15550201005", pet: Some("Nala"), outcome: HungUp, when: (0, 8, 40), duration: 75,
        transcript: "AI: Harbor Animal Hospital, how can I help?\nUser: Nala is due for her yearly exam and shots.\nAI: I can hold Thursday at 11 am for her while I take a few details. What is Nala's date of birth?\nUser: June 2025, I think the twelfth... hello?",
        analysis: done("hung_up", "Thursday 11 am held for Nala's wellness visit; the call dropped before the booking was confirmed.") },
    Call { clinic: ALPINE, key: "brooks-book", caller: "Kelsey Brooks", phone: "+15550301001", pet: Some("Summit"), outcome: AppointmentBooked, when: (-3, 15, 0), duration: 102,
        transcript: "AI: Alpine Pet Care, how can I help?\nUser: Summit needs a bandage change Monday.\nAI: Monday at 9 am with Dr. Lindqvist, confirmation ALP-0412.\nUser: Great.",
        analysis: done("appointment_booked", "Bandage change for Summit booked Monday 9 am.") },
    Call { clinic: ALPINE, key: "nguyen-refill", caller: "Tyler Nguyen", phone: "+15550301002", pet: Some("Juniper"), outcome: RefillRequested, when: (-4, 10, 0), duration: 90,
        transcript: "AI: Alpine Pet Care, how can I help?\nUser: Can I get gabapentin for Juniper before her visit? She gets really stressed.\nAI: I'll ask Dr. Lindqvist; she may want to see the dose first.",
        analysis: done("refill_requested", "Pre-visit gabapentin requested for Juniper.") },
    Call { clinic: ALPINE, key: "whitaker-message", caller: "Dana Whitaker", phone: "+15550309911", pet: None, outcome: MessageTaken, when: (-2, 9, 10), duration: 67,
        transcript: "AI: Alpine Pet Care, how can I help?\nUser: Are you taking new patients? I have two senior cats.\nAI: We are. I'll have the front desk call you to set up records transfer.",
        analysis: done("message_taken", "Prospective client with two senior cats; wants a callback.") },
];

pub(super) fn call(clinic: &DemoClinic, key: &str) -> &'static Call {
    CALLS
        .iter()
        .find(|c| c.clinic.key == clinic.key && c.key == key)
        .unwrap_or_else(|| panic!("no demo inbound call {}/{key}", clinic.key))
}

pub(super) fn call_id(clinic: &DemoClinic, key: &str) -> Uuid {
    cid("inbound_call", clinic, key)
}

pub(super) fn ended(call: &Call) -> DateTime<Utc> {
    local(&call.clinic, call.when.0, call.when.1, call.when.2)
        + TimeDelta::seconds(i64::from(call.duration))
}

/// Messages: call (None for a voicemail left outside the assistant), content, type, status,
/// priority, assignee.
#[rustfmt::skip]
const MESSAGES: &[(DemoClinic, &str, Option<&str>, &str, &str, MessageStatus, MessagePriority, Option<&str>)] = &[
    (SUNRISE, "whitfield", Some("whitfield-message"), "Stopped carprofen after vomiting and dark stool; wants Dr. Natarajan to call about another pain option for Biscuit.", "callback_request", MessageStatus::InProgress, MessagePriority::High, Some(fx::USER_SUNRISE_MEMBER)),
    (SUNRISE, "pharmacy", None, "Westside Compounding Pharmacy: gabapentin suspension for Luna is ready, please confirm the 50 mg/ml strength. Call back at 555-010-4410.", "voicemail", MessageStatus::Resolved, MessagePriority::Normal, Some(fx::USER_SUNRISE_ADMIN)),
    (HARBOR, "liu", Some("liu-message"), "Grace Liu needs a box of 20G needles and two fluid lines for Oliver; will pick up this week.", "callback_request", MessageStatus::New, MessagePriority::Normal, None),
    (HARBOR, "lab", None, "Antech: Bear's wound culture is growing Staphylococcus pseudintermedius, sensitivity pending.", "voicemail", MessageStatus::Read, MessagePriority::Urgent, Some(fx::USER_HARBOR_MEMBER)),
    (ALPINE, "whitaker", Some("whitaker-message"), "Dana Whitaker, two senior cats, wants to transfer records and book new-patient exams.", "callback_request", MessageStatus::New, MessagePriority::Low, None),
];

pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    for c in CALLS {
        let started = local(&c.clinic, c.when.0, c.when.1, c.when.2);
        let ck = c.clinic.key;
        let booking = BOOKINGS
            .iter()
            .find(|b| b.clinic.key == ck && b.call == c.key);
        put(
            w,
            inbound_calls::ActiveModel {
                id: Set(call_id(&c.clinic, c.key)),
                clinic_id: Set(fx::clinic_id(&c.clinic)),
                vapi_call_id: Set(format!("demo-in-{ck}-{}", c.key)),
                assistant_id: Set(Some(format!("asst_demo_{ck}_inbound"))),
                phone_number_id: Set(Some(format!("pn_demo_{ck}_main"))),
                customer_phone: Set(text(c.phone)),
                r#type: Set(text("inbound")),
                status: Set(Some(InboundCallStatus::Ended)),
                started_at: Set(Some(started)),
                ended_at: Set(Some(ended(c))),
                ended_reason: Set(text("customer-ended-call")),
                duration_seconds: Set(Some(c.duration)),
                cost: Set(Some(dec(i64::from(c.duration) * 50 / 3, 4))),
                recording_url: Set(Some(format!(
                    "https://recordings.example.com/demo/{ck}/in-{}.wav",
                    c.key
                ))),
                stereo_recording_url: Set(Some(format!(
                    "https://recordings.example.com/demo/{ck}/in-{}-stereo.wav",
                    c.key
                ))),
                transcript: Set(text(c.transcript)),
                transcript_messages: Set(Some(messages(c.transcript))),
                cleaned_transcript: Set(Some(
                    c.transcript
                        .replace("AI: ", "Assistant: ")
                        .replace("User: ", "Caller: "),
                )),
                // Staff edited the display copy of calls that carry a phone number in the text.
                display_transcript: Set(c
                    .transcript
                    .contains("555-")
                    .then(|| c.transcript.replace("555-", "•••-"))),
                use_display_transcript: Set(Some(c.transcript.contains("555-"))),
                outcome: Set(Some(c.outcome)),
                actions_taken: Set(Some(match booking {
                    Some(b) if b.status == entity::enums::BookingStatus::Pending => {
                        json!([{ "tool": "hold_slot", "booking_id": b.id() }])
                    }
                    Some(b) => {
                        json!([{ "tool": "manage_booking", "confirmation_number": b.confirmation }])
                    }
                    None => json!([{ "tool": "log_outcome", "outcome": c.outcome.to_string() }]),
                })),
                action_confirmed: Set(Some(
                    booking.is_none_or(|b| b.status != entity::enums::BookingStatus::Pending),
                )),
                extracted_caller_phone: Set(text(c.phone)),
                extracted_caller_name: Set(
                    (c.caller != "Unknown caller").then(|| c.caller.to_owned())
                ),
                extracted_pet_name: Set(c.pet.map(str::to_owned)),
                metadata: Set(Some(json!({ "language": "en-US" }))),
                created_at: Set(Some(started)),
                updated_at: Set(Some(ended(c) + TimeDelta::seconds(40))),
            },
        )
        .await?;
        insert_analysis(
            w,
            &c.clinic,
            &format!("in/{}", c.key),
            Parent::Inbound(call_id(&c.clinic, c.key)),
            &c.analysis,
            ended(c),
        )
        .await?;
    }

    for (clinic, key, from_call, content, kind, status, priority, assignee) in MESSAGES {
        let source = from_call.map(|k| call(clinic, k));
        let received = source.map_or(local(clinic, -3, 8, 5), ended);
        let read = (*status != MessageStatus::New).then(|| received + TimeDelta::minutes(35));
        put(w, clinic_messages::ActiveModel {
            id: Set(cid("clinic_message", clinic, key)),
            clinic_id: Set(fx::clinic_id(clinic)),
            inbound_call_id: Set(from_call.map(|k| call_id(clinic, k))),
            caller_name: Set(Some(source.map_or("Pharmacy / lab", |c| c.caller).to_owned())),
            caller_phone: Set(source.map(|c| c.phone.to_owned())),
            message_content: Set(text(content)),
            message_type: Set(text(kind)),
            status: Set(Some(*status)),
            priority: Set(Some(*priority)),
            assigned_to_user_id: Set(assignee.map(fx::user_id)),
            triage_data: Set(Some(json!({ "category": kind, "urgent": matches!(priority, MessagePriority::Urgent | MessagePriority::High) }))),
            read_at: Set(read),
            metadata: Set(Some(json!({}))),
            created_at: Set(Some(received)),
            updated_at: Set(Some(read.unwrap_or(received))),
        })
        .await?;
    }

    // Refills: (clinic, call, medication, strength, last refill, pharmacy, status, exam?, notes, approver).
    #[rustfmt::skip]
    let refills: [(DemoClinic, &str, &str, &str, i64, Option<(&str, &str)>, RefillStatus, bool, Option<&str>, Option<&str>); 3] = [
        (SUNRISE, "hayes-refill", "Apoquel", "5.4 mg", -34, None, RefillStatus::Approved, false, Some("Approved 30 tablets; atopy well controlled, recheck due in March."), Some(fx::USER_SUNRISE_OWNER)),
        (HARBOR, "oconnor-refill", "Pimobendan", "2.5 mg", -58, Some(("Walgreens Court St", "+15550207781")), RefillStatus::Pending, false, None, None),
        (ALPINE, "nguyen-refill", "Gabapentin", "100 mg", -300, None, RefillStatus::Pending, true, Some("Last exam over 12 months ago; needs an exam before dispensing."), None),
    ];
    for (clinic, call_key, med, strength, last, pharmacy, status, exam, notes, approver) in refills
    {
        let c = call(&clinic, call_key);
        let requested = ended(c);
        let approved = approver.map(|_| requested + TimeDelta::hours(3));
        put(
            w,
            refill_requests::ActiveModel {
                id: Set(cid("refill_request", &clinic, call_key)),
                clinic_id: Set(fx::clinic_id(&clinic)),
                inbound_call_id: Set(Some(call_id(&clinic, call_key))),
                client_name: Set(text(c.caller)),
                client_phone: Set(text(c.phone)),
                pet_name: Set(c.pet.map(str::to_owned)),
                species: Set(text(if c.pet == Some("Juniper") {
                    "feline"
                } else {
                    "canine"
                })),
                medication_name: Set(med.into()),
                medication_strength: Set(text(strength)),
                last_refill_date: Set(Some(date(last))),
                pharmacy_preference: Set(text(if pharmacy.is_some() {
                    "pharmacy"
                } else {
                    "pickup"
                })),
                pharmacy_name: Set(pharmacy.map(|p| p.0.to_owned())),
                pharmacy_phone: Set(pharmacy.map(|p| p.1.to_owned())),
                status: Set(Some(status)),
                requires_exam: Set(Some(exam)),
                vet_notes: Set(notes.map(str::to_owned)),
                approved_by: Set(approver.map(fx::user_id)),
                approved_at: Set(approved),
                metadata: Set(Some(json!({ "quantity": 30 }))),
                created_at: Set(Some(requested)),
                updated_at: Set(Some(approved.unwrap_or(requested))),
            },
        )
        .await?;
    }

    Ok(())
}
