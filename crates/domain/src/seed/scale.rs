//! The scale data set for benchmarks: `gateway seed --scale N` generates `10·N` clinics of
//! uneven size (a few large, many small) with `2,000·N` clients, about `4,000·N` patients,
//! `10,000·N` cases with SOAP notes, `15,000·N` outbound calls with analyses, `5,000·N` inbound
//! calls, appointments and bookings. `N = 100` is the largest setting the benchmarks use.
//!
//! Unlike the demo data, this set is written by the database owner with set-based
//! `INSERT … SELECT generate_series` statements: millions of rows through the domain layer would
//! take hours, and the point here is the shape and volume of the data, not the write path.
//! Everything is deterministic: ids are `md5` of stable names, choices are `hashtext` of ids or
//! arithmetic on indexes, and times are offsets from the demo anchor, so two loads of the same
//! scale produce the same rows. The whole load is one transaction (it lands completely or not
//! at all), followed by `ANALYZE` so the planner knows the new sizes.
//!
//! Clinic `i` is named "Scale Clinic i" (slug `scale-clinic-i`) and has three users, clerk ids
//! `scale_owner_i`, `scale_member_i` and `scale_viewer_i`, with those roles. Clinic 0 is the
//! largest. Its share of rows follows `(i + 1)^-0.7`, so at `N = 100` clinic 0 has about 8,000
//! clients and the smallest clinics about 70.

use std::time::Instant;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement, TransactionTrait};

/// What a scale load did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScaleOutcome {
    /// The data set was generated; the rows per table, in load order.
    Loaded(Vec<(&'static str, u64)>),
    /// This scale is already loaded; nothing changed.
    AlreadyPresent,
}

/// Why a scale load was refused.
#[derive(Debug, thiserror::Error)]
pub enum ScaleError {
    #[error("the scale must be between 1 and {max}, not {0}", max = MAX_SCALE)]
    OutOfRange(u32),
    #[error(
        "the database already holds scale data of another size ({existing} clinics, not {wanted}); \
         load it into a fresh database"
    )]
    OtherScalePresent { existing: i64, wanted: i64 },
    #[error("the scale load failed: {0}")]
    Database(#[from] DbErr),
}

/// The largest accepted scale (10,000 clinics, 15 million outbound calls).
pub const MAX_SCALE: u32 = 1_000;

/// Clerk user id of the owner of scale clinic `index` (clinic 0 is the largest).
pub fn owner_clerk_id(index: u32) -> String {
    format!("scale_owner_{index}")
}

/// The statements of a load, in order: a label (the table it fills) and its SQL. `{clinics}`,
/// `{clients}` and `{inbound}` are replaced by the totals for the chosen scale; `scale_plan` is
/// a temporary table holding each clinic's share.
const STEPS: &[(&str, &str)] = &[
    (
        "plan",
        "CREATE TEMP TABLE scale_plan ON COMMIT DROP AS
         WITH w AS (SELECT i, power(i + 1, -0.7) AS w FROM generate_series(0, {clinics} - 1) i)
         SELECT i AS idx,
                md5('scale/clinic/' || i)::uuid AS clinic_id,
                greatest(5, round({clients} * w / sum(w) OVER ()))::int AS clients,
                greatest(2, round({inbound} * w / sum(w) OVER ()))::int AS inbound
         FROM w",
    ),
    (
        "clinics",
        "INSERT INTO clinics (id, name, slug, email, phone, timezone, pims_type, subscription_tier,
                              subscription_status, is_active, created_at, updated_at)
         SELECT clinic_id, 'Scale Clinic ' || idx, 'scale-clinic-' || idx,
                'front-desk@scale-clinic-' || idx || '.example', '+1555' || lpad(idx::text, 7, '0'),
                (ARRAY['America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York'])[1 + idx % 4],
                (ARRAY['none', 'idexx_neo', 'idexx_ezyvet', 'idexx_avimark'])[1 + idx % 4],
                (ARRAY['starter', 'professional', 'enterprise'])[1 + idx % 3], 'active', true,
                {anchor} - interval '2 years', {anchor} - interval '2 years'
         FROM scale_plan",
    ),
    (
        "users",
        "INSERT INTO users (id, clerk_user_id, email, first_name, last_name, role, onboarding_completed,
                            created_at, updated_at)
         SELECT md5('scale/user/' || r || '/' || idx)::uuid, 'scale_' || r || '_' || idx,
                r || '@scale-clinic-' || idx || '.example', initcap(r), 'Clinic ' || idx,
                'veterinarian', true, {anchor} - interval '2 years', {anchor} - interval '2 years'
         FROM scale_plan, unnest(ARRAY['owner', 'member', 'viewer']) r",
    ),
    (
        "user_clinic_access",
        "INSERT INTO user_clinic_access (id, user_id, clinic_id, role, is_primary, granted_at, created_at)
         SELECT md5('scale/access/' || r || '/' || idx)::uuid, md5('scale/user/' || r || '/' || idx)::uuid,
                clinic_id, r, true, {anchor} - interval '2 years', {anchor} - interval '2 years'
         FROM scale_plan, unnest(ARRAY['owner', 'member', 'viewer']) r",
    ),
    (
        "providers",
        "INSERT INTO providers (id, clinic_id, name, role, is_active, created_at, updated_at)
         SELECT md5(clinic_id::text || '/provider/' || k)::uuid, clinic_id,
                'Dr. ' || (ARRAY['Avery', 'Blake', 'Casey', 'Devon'])[k] || ' ' || idx,
                'veterinarian', true, {anchor} - interval '2 years', {anchor} - interval '2 years'
         FROM scale_plan, generate_series(1, 4) k",
    ),
    (
        "clients",
        "INSERT INTO clients (id, clinic_id, first_name, last_name, display_name, phone, email,
                              preferred_contact_method, is_active, first_visit_at, last_visit_at,
                              created_at, updated_at)
         SELECT md5(p.clinic_id::text || '/client/' || j)::uuid, p.clinic_id, n.first, n.last,
                n.first || ' ' || n.last,
                '+1' || lpad(((p.idx::bigint * 7919 + j * 104729) % 10000000000)::text, 10, '0'),
                lower(n.first || '.' || n.last || '.' || j) || '@mail.example',
                (ARRAY['phone', 'email', 'sms'])[1 + j % 3], j % 50 <> 0,
                {anchor} - (730 - j % 700) * interval '1 day',
                {anchor} - (j % 90) * interval '1 day',
                {anchor} - (730 - j % 700) * interval '1 day' + (j % 1440) * interval '1 minute',
                {anchor} - (j % 90) * interval '1 day'
         FROM scale_plan p, generate_series(1, p.clients) j,
              LATERAL (SELECT
                (ARRAY['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'James', 'Isabella',
                       'Lucas', 'Mia', 'Mateo', 'Amelia', 'Theo', 'Harper', 'Levi', 'Evelyn', 'Ezra',
                       'Abigail', 'Owen', 'Ella', 'Wyatt', 'Nora', 'Henry', 'Luna', 'Jack', 'Grace',
                       'Hudson', 'Chloe', 'Miles', 'Aria', 'Leo', 'Zoe', 'Julian', 'Layla', 'Kai',
                       'Riley', 'Asher', 'Maya', 'Rowan'])[1 + (j * 7 + p.idx) % 40] AS first,
                (ARRAY['Garcia', 'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis',
                       'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson',
                       'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson',
                       'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker',
                       'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill',
                       'Flores'])[1 + (j * 13 + p.idx * 3) % 40] AS last) n",
    ),
    (
        "patients",
        "INSERT INTO patients (id, clinic_id, client_id, name, species, breed, sex, date_of_birth,
                               weight_kg, is_active, visit_count, first_visit_at, last_visit_at,
                               created_at, updated_at)
         SELECT md5(c.id::text || '/patient/' || s)::uuid, c.clinic_id, c.id,
                (ARRAY['Bella', 'Max', 'Luna', 'Charlie', 'Lucy', 'Cooper', 'Daisy', 'Milo', 'Bailey',
                       'Rocky', 'Sadie', 'Buddy', 'Molly', 'Bear', 'Stella', 'Tucker', 'Zoe', 'Duke',
                       'Penny', 'Oliver', 'Nala', 'Leo', 'Coco', 'Winston', 'Rosie', 'Simba', 'Ruby',
                       'Jasper', 'Pepper', 'Gus', 'Maple', 'Finn', 'Willow', 'Ziggy', 'Hazel', 'Otis',
                       'Olive', 'Murphy', 'Piper', 'Loki'])[1 + (h + s) % 40],
                (ARRAY['canine', 'feline', 'canine', 'feline', 'canine', 'rabbit', 'avian'])[1 + (h / 7 + s) % 7],
                (ARRAY['Labrador Retriever', 'Domestic Shorthair', 'Golden Retriever', 'Maine Coon',
                       'French Bulldog', 'Mixed', 'Beagle', 'Siamese'])[1 + (h / 11 + s) % 8],
                (ARRAY['male', 'female', 'male_neutered', 'female_spayed'])[1 + (h / 13 + s) % 4],
                (DATE '2026-11-02' - ((h % 5000) + 100))::date,
                round(((h % 400) / 10.0 + 2)::numeric, 1), true, 1 + h % 12,
                c.first_visit_at, c.last_visit_at, c.created_at, c.updated_at
         FROM (SELECT c.*, (2147483647 & hashtext(c.id::text)) AS h FROM clients c
               JOIN scale_plan p ON p.clinic_id = c.clinic_id) c,
              generate_series(1, 1 + c.h % 3) s",
    ),
    (
        "cases",
        "INSERT INTO cases (id, clinic_id, patient_id, client_id, created_by, type, status, visibility,
                            source, scheduled_at, call_enabled, email_enabled, call_delay_days,
                            email_delay_days, external_id, is_urgent, is_starred, created_at, updated_at)
         SELECT md5(pt.id::text || '/case/' || s)::uuid, pt.clinic_id, pt.id, pt.client_id,
                md5('scale/user/owner/' || p.idx)::uuid,
                (ARRAY['wellness', 'dental', 'surgery', 'vaccination', 'sick_visit', 'follow_up'])[1 + (pt.h + s) % 6],
                (ARRAY['completed', 'completed', 'reviewed', 'ongoing', 'draft'])[1 + (pt.h / 5 + s) % 5],
                'private', (ARRAY['manual', 'pims_sync', 'pims_sync', 'import'])[1 + (pt.h / 3 + s) % 4],
                {anchor} - ((pt.h + s * 97) % 700) * interval '1 day' + interval '2 days',
                true, true, 1 + s % 3, 2,
                CASE WHEN (pt.h / 3 + s) % 4 IN (1, 2) THEN 'pims-' || md5(pt.id::text || '/case/' || s) END,
                (pt.h + s) % 20 = 0, (pt.h + s) % 33 = 0,
                {anchor} - ((pt.h + s * 97) % 700) * interval '1 day' + ((pt.h + s) % 600) * interval '1 minute',
                {anchor} - ((pt.h + s * 97) % 700) * interval '1 day' + interval '1 day'
         FROM (SELECT pt.id, pt.clinic_id, pt.client_id, (2147483647 & hashtext(pt.id::text)) AS h FROM patients pt
               JOIN scale_plan p ON p.clinic_id = pt.clinic_id) pt
         JOIN scale_plan p ON p.clinic_id = pt.clinic_id,
              generate_series(1, 2 + pt.h % 2) s",
    ),
    (
        "soap_notes",
        "INSERT INTO soap_notes (id, case_id, clinic_id, subjective, objective, assessment, plan,
                                 client_instructions, created_at, updated_at)
         SELECT md5(k.id::text || '/soap')::uuid, k.id, k.clinic_id,
                'Owner reports ' || (ARRAY['decreased appetite for two days', 'intermittent limping on the left hind leg',
                  'itching and head shaking', 'one episode of vomiting', 'no concerns; annual visit'])[1 + (2147483647 & hashtext(k.id::text)) % 5] || '.',
                'T 38.6 C, HR 96, RR 24. BCS 5/9. Mucous membranes pink, CRT < 2 s. ' ||
                (ARRAY['Mild tartar on premolars.', 'Pain on palpation of the left stifle.', 'Erythema in both ear canals.',
                  'Abdomen soft, non-painful.', 'No abnormal findings.'])[1 + (2147483647 & hashtext(k.id::text)) % 5],
                (ARRAY['Periodontal disease, grade 1.', 'Suspected soft tissue injury.', 'Otitis externa.',
                  'Mild gastroenteritis.', 'Healthy adult.'])[1 + (2147483647 & hashtext(k.id::text)) % 5],
                'Recheck in ' || (7 + (2147483647 & hashtext(k.id::text)) % 21) || ' days. Medication as dispensed.',
                'Give medication with food. Call the clinic if symptoms return or worsen.',
                k.created_at, k.updated_at
         FROM cases k JOIN scale_plan p ON p.clinic_id = k.clinic_id",
    ),
    (
        "outbound_calls",
        "INSERT INTO outbound_calls (id, clinic_id, case_id, vapi_call_id, assistant_id, customer_phone,
                                     scheduled_for, status, started_at, ended_at, ended_reason,
                                     duration_seconds, cost, review_category, created_at, updated_at)
         SELECT o.id, o.clinic_id, o.case_id, 'scale-out-' || o.id, 'asst-scale-' || o.idx, o.phone,
                o.at, o.status,
                CASE WHEN o.status IN ('ended', 'in-progress') THEN o.at END,
                CASE WHEN o.status = 'ended' THEN o.at + (60 + o.h % 400) * interval '1 second' END,
                CASE WHEN o.status = 'ended' THEN 'customer-ended-call' WHEN o.status = 'failed' THEN 'no-answer' END,
                CASE WHEN o.status = 'ended' THEN 60 + o.h % 400 END,
                CASE WHEN o.status = 'ended' THEN round(((60 + o.h % 400) * 0.0015)::numeric, 4) END,
                (ARRAY['to_review', 'reviewed', 'reviewed', 'needs_attention'])[1 + o.h % 4],
                o.at - interval '1 day', o.at
         FROM (SELECT md5(k.id::text || '/call/' || s)::uuid AS id, k.clinic_id, k.id AS case_id, p.idx,
                      c.phone, (2147483647 & hashtext(k.id::text || s)) AS h,
                      k.scheduled_at + (s - 1) * interval '3 days' AS at,
                      CASE WHEN (2147483647 & hashtext(k.id::text || s)) % 100 < 86 THEN 'ended'
                           WHEN (2147483647 & hashtext(k.id::text || s)) % 100 < 92 THEN 'failed'
                           WHEN (2147483647 & hashtext(k.id::text || s)) % 100 < 97 THEN 'queued'
                           ELSE 'cancelled' END AS status
               FROM cases k JOIN scale_plan p ON p.clinic_id = k.clinic_id
               JOIN clients c ON c.id = k.client_id,
                    generate_series(1, 1 + (2147483647 & hashtext(k.id::text || '/calls')) % 2) s) o",
    ),
    (
        "call_analysis (outbound)",
        "INSERT INTO call_analysis (id, clinic_id, outbound_call_id, call_outcome, pet_recovery_status,
                                    medication_compliance, owner_sentiment, escalation_triggered,
                                    follow_up_needed, attention_types, attention_severity,
                                    attention_summary, attention_flagged_at, summary,
                                    success_evaluation, created_at)
         SELECT md5(o.id::text || '/analysis')::uuid, o.clinic_id, o.id,
                (ARRAY['successful', 'successful', 'voicemail', 'callback_requested'])[1 + a.h % 4],
                (ARRAY['improving', 'recovered', 'unchanged', 'worsening'])[1 + a.h / 4 % 4],
                (ARRAY['compliant', 'compliant', 'partial', 'not_started'])[1 + a.h / 16 % 4],
                (ARRAY['positive', 'positive', 'neutral', 'negative'])[1 + a.h / 64 % 4],
                a.h % 50 = 0, a.h % 7 = 0,
                CASE WHEN a.h % 10 = 0 THEN ARRAY['health_concern'] ELSE '{}' END,
                CASE WHEN a.h % 10 = 0 THEN (ARRAY['low', 'medium', 'high', 'critical'])[1 + a.h / 10 % 4] END,
                CASE WHEN a.h % 10 = 0 THEN 'Owner reports the pet is not improving as expected.' END,
                CASE WHEN a.h % 10 = 0 THEN o.ended_at END,
                'Follow-up call completed; owner answered the recovery questions.',
                CASE WHEN a.h % 5 = 0 THEN 'false' ELSE 'true' END, o.ended_at
         FROM outbound_calls o JOIN scale_plan p ON p.clinic_id = o.clinic_id,
              LATERAL (SELECT (2147483647 & hashtext(o.id::text)) AS h) a
         WHERE o.status = 'ended'",
    ),
    (
        "inbound_calls",
        "INSERT INTO inbound_calls (id, clinic_id, vapi_call_id, assistant_id, customer_phone, status,
                                    started_at, ended_at, ended_reason, duration_seconds, cost, outcome,
                                    action_confirmed, extracted_caller_phone, extracted_caller_name,
                                    extracted_pet_name, created_at, updated_at)
         SELECT i.id, i.clinic_id, 'scale-in-' || i.id, 'asst-scale-in-' || i.idx,
                '+1' || lpad((i.h % 10000000000)::text, 10, '0'), 'ended', i.at,
                i.at + (30 + i.h % 300) * interval '1 second', 'customer-ended-call', 30 + i.h % 300,
                round(((30 + i.h % 300) * 0.0015)::numeric, 4),
                (ARRAY['appointment_booked', 'message_taken', 'refill_requested', 'info_provided',
                       'transferred', 'voicemail'])[1 + i.h % 6],
                i.h % 3 = 0, '+1' || lpad((i.h % 10000000000)::text, 10, '0'),
                (ARRAY['Olivia Garcia', 'Liam Smith', 'Emma Johnson', 'Noah Brown', 'Ava Jones'])[1 + i.h / 6 % 5],
                (ARRAY['Bella', 'Max', 'Luna', 'Charlie', 'Lucy', 'Cooper'])[1 + i.h / 30 % 6],
                i.at, i.at + interval '10 minutes'
         FROM (SELECT md5(p.clinic_id::text || '/inbound/' || j)::uuid AS id, p.clinic_id, p.idx,
                      (2147483647 & hashtext(p.clinic_id::text || '/inbound/' || j)) AS h,
                      {anchor} - (j % 365) * interval '1 day' - (j % 480) * interval '1 minute' AS at
               FROM scale_plan p, generate_series(1, p.inbound) j) i",
    ),
    (
        "call_analysis (inbound)",
        "INSERT INTO call_analysis (id, clinic_id, inbound_call_id, call_outcome, owner_sentiment,
                                    attention_types, attention_severity, attention_summary,
                                    attention_flagged_at, summary, created_at)
         SELECT md5(i.id::text || '/analysis')::uuid, i.clinic_id, i.id, i.outcome,
                (ARRAY['positive', 'neutral', 'negative'])[1 + a.h % 3],
                CASE WHEN a.h % 8 = 0 THEN ARRAY['callback_requested'] ELSE '{}' END,
                CASE WHEN a.h % 8 = 0 THEN (ARRAY['low', 'medium', 'high'])[1 + a.h / 8 % 3] END,
                CASE WHEN a.h % 8 = 0 THEN 'Caller asked for a call back from the doctor.' END,
                CASE WHEN a.h % 8 = 0 THEN i.ended_at END,
                'Caller was helped by the assistant.', i.ended_at
         FROM inbound_calls i JOIN scale_plan p ON p.clinic_id = i.clinic_id,
              LATERAL (SELECT (2147483647 & hashtext(i.id::text)) AS h) a
         WHERE a.h % 3 = 0",
    ),
    (
        "schedule_appointments",
        "INSERT INTO schedule_appointments (id, clinic_id, starts_at, ends_at, source, pims_appointment_id,
                                            patient_name, client_name, client_phone, provider_name,
                                            room_id, appointment_type, status, last_synced_at,
                                            created_at, updated_at)
         SELECT md5(p.clinic_id::text || '/appointment/' || k)::uuid, p.clinic_id, t.starts_at,
                t.starts_at + interval '30 minutes', 'pims', 'pims-appt-' || p.idx || '-' || k,
                (ARRAY['Bella', 'Max', 'Luna', 'Charlie', 'Lucy', 'Cooper'])[1 + k % 6],
                (ARRAY['Olivia Garcia', 'Liam Smith', 'Emma Johnson', 'Noah Brown'])[1 + k % 4],
                '+1555' || lpad(k::text, 7, '0'),
                'Dr. ' || (ARRAY['Avery', 'Blake', 'Casey', 'Devon'])[1 + k % 4] || ' ' || p.idx,
                'room-' || (1 + k % 4), (ARRAY['wellness', 'sick_visit', 'vaccination', 'dental'])[1 + k / 4 % 4],
                CASE WHEN t.starts_at < {anchor} THEN 'completed' ELSE 'scheduled' END,
                {anchor}, {anchor} - interval '30 days', {anchor} - interval '30 days'
         FROM scale_plan p, generate_series(0, p.clients / 4) k,
              LATERAL (SELECT {anchor} - interval '14 days' + interval '15 hours'
                              + (k / 4 / 16) * interval '1 day' + (k / 4 % 16) * interval '30 minutes'
                              AS starts_at) t",
    ),
    (
        "vapi_bookings",
        "INSERT INTO vapi_bookings (id, clinic_id, inbound_call_id, starts_at, ends_at, client_name,
                                    client_phone, patient_name, species, reason, is_new_client, status,
                                    confirmation_number, vapi_call_id, created_at, updated_at)
         SELECT md5(i.id::text || '/booking')::uuid, i.clinic_id, i.id, b.starts_at,
                b.starts_at + interval '30 minutes', i.extracted_caller_name, i.customer_phone,
                i.extracted_pet_name, 'canine', 'Follow-up visit', b.h % 4 = 0,
                CASE WHEN b.starts_at < {anchor} THEN 'completed' ELSE 'confirmed' END,
                'SC-' || upper(replace(md5(i.id::text || '/booking'), '-', '')), i.vapi_call_id,
                i.ended_at, i.ended_at
         FROM inbound_calls i JOIN scale_plan p ON p.clinic_id = i.clinic_id,
              LATERAL (SELECT (2147483647 & hashtext(i.id::text || '/booking')) AS h) h0,
              LATERAL (SELECT h0.h AS h, date_trunc('hour', i.ended_at) + interval '3 days'
                              + (h0.h % 8) * interval '30 minutes' AS starts_at) b
         WHERE i.outcome = 'appointment_booked'",
    ),
];

/// Loads scale `n` into the database `owner` is connected to (as its owner). Prints nothing;
/// `progress` is called after each table with its label, row count and seconds taken.
pub async fn load(
    owner: &DatabaseConnection,
    n: u32,
    mut progress: impl FnMut(&str, u64, f64),
) -> Result<ScaleOutcome, ScaleError> {
    if n == 0 || n > MAX_SCALE {
        return Err(ScaleError::OutOfRange(n));
    }
    let clinics = i64::from(n) * 10;
    let existing = scalar(
        owner,
        "SELECT count(*) FROM clinics WHERE slug LIKE 'scale-clinic-%'",
    )
    .await?;
    if existing == clinics {
        return Ok(ScaleOutcome::AlreadyPresent);
    }
    if existing != 0 {
        return Err(ScaleError::OtherScalePresent {
            existing,
            wanted: clinics,
        });
    }

    let txn = owner.begin().await?;
    // The load is one large transaction of set-based statements; give it room.
    txn.execute_unprepared(
        "SET LOCAL work_mem = '256MB'; SET LOCAL maintenance_work_mem = '512MB'",
    )
    .await?;
    let mut loaded = Vec::new();
    for (label, template) in STEPS {
        let sql = template
            .replace("{clinics}", &clinics.to_string())
            .replace("{clients}", &(i64::from(n) * 2_000).to_string())
            .replace("{inbound}", &(i64::from(n) * 5_000).to_string())
            .replace("{anchor}", "TIMESTAMPTZ '2026-11-02 00:00:00+00'");
        let started = Instant::now();
        let rows = txn.execute_unprepared(&sql).await?.rows_affected();
        progress(label, rows, started.elapsed().as_secs_f64());
        if *label != "plan" {
            loaded.push((*label, rows));
        }
    }
    txn.commit().await?;
    let started = Instant::now();
    owner.execute_unprepared("ANALYZE").await?;
    progress("analyze", 0, started.elapsed().as_secs_f64());
    Ok(ScaleOutcome::Loaded(loaded))
}

async fn scalar(db: &DatabaseConnection, sql: &str) -> Result<i64, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .ok_or_else(|| DbErr::Custom(format!("no row from {sql}")))?;
    row.try_get_by_index::<i64>(0)
}
