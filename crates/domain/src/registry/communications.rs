//! Tier 5: calls, e-mails, messages and refill requests.

use super::*;

pub const outbound_calls: Table = Table {
    resource: Resource::OutboundCalls,
    table: "outbound_calls",
    type_name: "OutboundCall",
    noun: "outbound call",
    about: "A discharge follow-up call placed for a case.",
    delete: Some("Deletes a call and its analysis (admin or above)."),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff follow discharge calls"),
        allow(
            Create,
            Role(M),
            "staff schedule calls (the scheduler uses the service principal)",
        ),
        allow(
            Update,
            Role(M),
            "staff review and reschedule calls; the telephony webhook records outcomes",
        ),
        allow(
            Claim,
            Service,
            "workers that place calls claim due ones, so that two never dial the same call",
        ),
        allow(Delete, Role(A), "hard deletes destroy history"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("vapi_call_id"), col("assistant_id"), col("outbound_phone_number_id"), col("customer_phone"),
        col("scheduled_for"), col("qstash_message_id"), col("status").shown_as("OutboundCallStatus"), col("started_at"), col("ended_at"),
        col("ended_reason"), col("duration_seconds"), col("cost"), col("recording_url"), col("stereo_recording_url"),
        col("transcript"), col("transcript_messages"), col("cleaned_transcript"), col("review_category"), col("metadata"),
        col("created_at"), col("updated_at"), col("case_id").named("case"), computed("analysis"),
    ],
};

pub const inbound_calls: Table = Table {
    resource: Resource::InboundCalls,
    table: "inbound_calls",
    type_name: "InboundCall",
    noun: "inbound call",
    about: "A call the clinic's voice assistant answered.",
    delete: Some(
        "Deletes an inbound call and its analysis (admin or above). A call that messages, refill\nrequests or bookings still refer to cannot be deleted (BAD_USER_INPUT).",
    ),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff follow inbound calls"),
        allow(
            Create,
            Service,
            "inbound calls are recorded by the telephony webhook",
        ),
        allow(
            Update,
            Role(M),
            "staff confirm outcomes and edit display transcripts",
        ),
        allow(Delete, Role(A), "hard deletes destroy history"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("vapi_call_id"), col("assistant_id"), col("phone_number_id"), col("customer_phone"),
        col("type").named("callType"), col("status").shown_as("InboundCallStatus"), col("started_at"), col("ended_at"), col("ended_reason"),
        col("duration_seconds"), col("cost"), col("recording_url"), col("stereo_recording_url"), col("transcript"),
        col("transcript_messages"), col("cleaned_transcript"), col("display_transcript"), col("use_display_transcript"),
        col("outcome").shown_as("InboundCallOutcome"), col("actions_taken"), col("action_confirmed"), col("extracted_caller_phone"),
        col("extracted_caller_name"), col("extracted_pet_name"), col("metadata"), col("created_at"), col("updated_at"),
        computed("analysis"),
    ],
};

pub const call_analysis: Table = Table {
    resource: Resource::CallAnalysis,
    table: "call_analysis",
    type_name: "CallAnalysis",
    noun: "call analysis",
    about: "What a call revealed: outcome, the pet's recovery, medication compliance, sentiment, and\nwhether staff attention is needed.",
    delete: Some("Deletes a wrong analysis (admin or above)."),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff see what calls need attention"),
        allow(Create, Service, "analyses are produced by the analysis job"),
        allow(Update, Service, "analyses are produced by the analysis job"),
        allow(Delete, Role(A), "admins remove a wrong analysis"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("call_outcome"), col("call_outcome_details"), col("pet_recovery_status"), col("pet_health_details"),
        col("medication_compliance"), col("medication_details"), col("owner_sentiment"), col("owner_sentiment_details"),
        col("escalation_triggered"), col("escalation_details"), col("follow_up_needed"), col("follow_up_details"),
        col("attention_types"), col("attention_severity").shown_as("AttentionSeverity"), col("attention_summary"), col("attention_flagged_at"),
        col("summary"), col("success_evaluation"), col("structured_data"), col("created_at"),
        col("inbound_call_id").named("inboundCall").about("The analysed call, when it was an inbound call."), col("outbound_call_id").named("outboundCall").about("The analysed call, when it was an outbound call."),
    ],
};

pub const outbound_emails: Table = Table {
    resource: Resource::OutboundEmails,
    table: "outbound_emails",
    type_name: "OutboundEmail",
    noun: "outbound e-mail",
    about: "A discharge e-mail to a client, scheduled for a case.",
    delete: Some("Deletes an e-mail (admin or above)."),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff follow discharge e-mails"),
        allow(Create, Role(M), "staff schedule e-mails"),
        allow(
            Update,
            Role(M),
            "staff edit or cancel e-mails before they are sent",
        ),
        allow(
            Claim,
            Service,
            "workers that send e-mails claim due ones, so that two never send the same e-mail",
        ),
        allow(Delete, Role(A), "hard deletes destroy history"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("recipient_email"), col("recipient_name"), col("subject"), col("html_content"), col("text_content"),
        col("scheduled_for"), col("status").shown_as("EmailStatus"), col("sent_at"), col("resend_email_id").about("The e-mail provider's id of the sent message."), col("qstash_message_id").about("The queue's id of the scheduled send."),
        col("metadata"), col("created_at"), col("updated_at"), col("case_id").named("case"),
    ],
};

pub const clinic_messages: Table = Table {
    resource: Resource::ClinicMessages,
    table: "clinic_messages",
    type_name: "ClinicMessage",
    noun: "clinic message",
    about: "A message left for the clinic (a voicemail, a message the voice assistant took, a note from\nstaff), to be triaged and assigned.",
    delete: Some("Deletes a message (admin or above)."),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff see messages left for the clinic"),
        allow(
            Create,
            Role(M),
            "staff note messages; the telephony webhook records voicemails",
        ),
        allow(Update, Role(M), "staff triage, assign and close messages"),
        allow(Delete, Role(A), "hard deletes destroy history"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("caller_name"), col("caller_phone"), col("message_content"), col("message_type").about("`voicemail`, `callback`, `prescription`, … (free text)."), col("status").shown_as("MessageStatus"),
        col("priority").shown_as("MessagePriority"), col("triage_data"), col("read_at").about("When the message was first marked read."), col("metadata"), col("created_at"), col("updated_at"),
        col("assigned_to_user_id").named("assignedTo").about("The staff member the message is assigned to."), col("inbound_call_id").named("inboundCall").about("The call the message was taken on."),
    ],
};

pub const refill_requests: Table = Table {
    resource: Resource::RefillRequests,
    table: "refill_requests",
    type_name: "RefillRequest",
    noun: "refill request",
    about: "A client's request to refill a prescription, usually taken on an inbound call.",
    delete: Some("Deletes a refill request (admin or above)."),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff see refill requests"),
        allow(Create, Role(M), "staff record refill requests"),
        allow(Update, Role(M), "staff process refill requests"),
        allow(Approve, Role(M), "a clinician approves or denies a refill"),
        allow(Delete, Role(A), "hard deletes destroy history"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("client_name"), col("client_phone"), col("pet_name"), col("species"), col("medication_name"),
        col("medication_strength"), col("last_refill_date"), col("pharmacy_preference").about("`pickup`, `pharmacy`, `delivery`, … (free text)."), col("pharmacy_name"),
        col("pharmacy_phone"), col("status").shown_as("RefillStatus"), col("requires_exam"), col("vet_notes"), col("approved_at"), col("metadata"),
        col("created_at"), col("updated_at"), col("approved_by").named("approvedBy").about("Who approved or denied the request."),
        col("inbound_call_id").named("inboundCall").about("The call the request was taken on."),
    ],
};
