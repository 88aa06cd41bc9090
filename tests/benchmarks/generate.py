"""A PostgreSQL database of ``scale`` applications with a province's spread, for `make bench`.

The demo data set (organisations, one account per role, reference data, routes) is loaded
first; the generator then adds, in SQL (INSERT … SELECT over generate_series, run through
Django's connection, so no row passes through Python):

* offices (one per 100 000 applications, at least three; the new ones under no office, so
  that the demo office's route keeps its levels), competent departments, committees
  with a fee item each, and thousands of units (one per 200 applications) whose sizes are
  skewed: unit *i* of *U* is drawn with probability growing like (i/U)^(1/3), so the demo unit
  南宁蓝海 is the largest and a few hundred units hold most applicants;
* applicants (1.5 applications each, a valid resident ID number, an E.164 mobile number, a
  Chinese name), their affiliation with a unit;
* applications of every kind and state over five years (earlier years mostly finished), with
  the steps of their route (unit, department when the unit has one, office, committee for
  evaluations), the action-log rows of every act, two messages each, a certificate for every
  certified one and a review-fee order for every evaluation that reached its committee.

Secondary indexes of the large tables are dropped before and built after the load, and
foreign keys are not checked while loading (``session_replication_role = replica``): the
ids are computed so that every reference holds. The whole load is one transaction.
"""

import time

from django.db import connection, transaction

# Tables whose secondary indexes are rebuilt after the load.
LARGE_TABLES = [
    "accounts_user",
    "units_affiliation",
    "applications_application",
    "applications_applicationstep",
    "applications_applicationreach",
    "applications_actionlog",
    "titleportal_message",
    "certificates_certificate",
    "payments_order",
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅海燕玉兰志文斌宇浩然欣怡子涵"


def _counts(scale: int) -> dict[str, int]:
    return {
        "applications": scale,
        "people": max(1, (scale * 2 + 2) // 3),
        "units": max(20, scale // 200),
        "offices": max(3, scale // 100_000),
        "departments": max(4, scale // 10_000),
        "committees": max(4, scale // 20_000),
    }


def _indexes(cursor) -> list[tuple[str, str]]:
    """(name, definition) of every index of the large tables that backs no constraint."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        [LARGE_TABLES],
    )
    return list(cursor.fetchall())


def generate(scale: int, *, log=print, vacuum: bool = True) -> dict:
    """Add ``scale`` applications and everything around them; returns rows and seconds.

    ``vacuum`` (outside a transaction only) leaves the tables vacuumed and analysed."""
    counts = _counts(scale)
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def step(name: str, sql: str, params=None) -> None:
        at = time.perf_counter()
        cursor.execute(sql, params or {})
        timings[name] = round(time.perf_counter() - at, 2)
        log(f"  {name}: {timings[name]:.1f} s")

    with transaction.atomic(), connection.cursor() as cursor:
        # Checks deferred by earlier writes of the transaction are made now: an index is not
        # dropped or built while such events are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        indexes = _indexes(cursor)
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        _functions(cursor)
        params = {
            **counts,
            "surnames": SURNAMES,
            "given": GIVEN,
            "password": "!bench-unusable-password",
        }
        for name, sql in SQL:
            step(name, sql, params)
        at = time.perf_counter()
        for _name, definition in indexes:
            cursor.execute(definition)
        timings["indexes"] = round(time.perf_counter() - at, 2)
        log(f"  indexes ({len(indexes)}): {timings['indexes']:.1f} s")
        for table in (
            "accounts_user",
            "applications_application",
            "applications_applicationstep",
            "applications_applicationreach",
            "applications_actionlog",
            "titleportal_message",
            "certificates_certificate",
            "payments_order",
            "payments_feeitem",
            "units_unit",
            "units_office",
            "units_department",
            "units_committee",
            "units_affiliation",
            "units_committee_levels",
            "units_committee_region_scope",
        ):
            cursor.execute(
                # Table names of this module, not input.
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        rows = {}
        for table in [*LARGE_TABLES, "units_unit"]:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            rows[table] = cursor.fetchone()[0]
    if vacuum:
        at = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        timings["vacuum analyze"] = round(time.perf_counter() - at, 2)
        log(f"  vacuum analyze: {timings['vacuum analyze']:.1f} s")
    seconds = time.perf_counter() - started
    total = sum(rows.values())
    return {
        "scale": scale,
        "counts": counts,
        "rows": rows,
        "seconds": round(seconds, 1),
        "rows_per_second": round(total / seconds),
        "timings": timings,
    }


# GB 11643 weights of the 17 digits of a resident ID number.
ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]


def _functions(cursor) -> None:
    """SQL functions simple enough for the planner to inline them."""
    checksum = " + ".join(f"substr(body, {i + 1}, 1)::int * {w}" for i, w in enumerate(ID_WEIGHTS))
    # A resident ID number: 17 digits and the check character.
    cursor.execute(
        "CREATE FUNCTION pg_temp.bench_id_number(body text) RETURNS text "
        "LANGUAGE sql IMMUTABLE AS $$ SELECT body || substr('10X98765432', "
        f"(({checksum}) % 11) + 1, 1) $$"
    )
    # Deterministic pseudo-random numbers in [0, 1) from an integer and a salt.
    cursor.execute(
        """
        CREATE FUNCTION pg_temp.bench_rand(n bigint, salt int) RETURNS double precision
        LANGUAGE sql IMMUTABLE AS $$
          SELECT (hashint8extended(n, salt)::double precision / 18446744073709551616.0) + 0.5
        $$
        """
    )


# Each statement below reads the counts as %(name)s parameters. The temporary tables
# bench_org_* map an index (0-based) to the row of the demo or generated organisation.
SQL = [
    (
        "organisations",
        """
        CREATE TEMP TABLE bench_ref AS SELECT
          (SELECT id FROM units_office WHERE code = 'GXLD') AS office_gx,
          (SELECT id FROM units_office WHERE code = 'QZZG') AS office_qz,
          (SELECT id FROM units_department WHERE name = '钦州市工业和信息化局') AS department,
          (SELECT id FROM units_committee ORDER BY id LIMIT 1) AS committee,
          (SELECT id FROM units_unit WHERE uscc = '91450100MA5L3B2C1F') AS unit_1,
          (SELECT id FROM units_unit WHERE uscc = '91450700MA5N7K8D2J') AS unit_2,
          (SELECT id FROM units_reviewsession WHERE committee_id =
             (SELECT id FROM units_committee ORDER BY id LIMIT 1)
           ORDER BY year DESC LIMIT 1) AS session,
          extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int AS this_year;

        CREATE TEMP TABLE bench_counties AS
          SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM reference_region
          WHERE code LIKE '45%%' AND level = 3;

        INSERT INTO units_office (id, name, contact_name, contact_phone, is_active, created_at,
                                  code, address, seal_image, mailing_enabled, parent_id,
                                  region_id)
        SELECT (SELECT coalesce(max(id), 0) FROM units_office) + n, '广西第' || n || '市职称改革工作领导小组办公室',
               '职改办', '0771-55' || lpad(n::text, 5, '0'), true, now(), 'BO' || n,
               '', '', true, NULL, '450100'
        FROM generate_series(1, %(offices)s - 2) AS n;
        CREATE TEMP TABLE bench_org_office AS
          SELECT 0 AS n, office_gx AS id FROM bench_ref
          UNION ALL SELECT 1, office_qz FROM bench_ref
          UNION ALL SELECT row_number() OVER (ORDER BY id) + 1, id FROM units_office
            WHERE code LIKE 'BO%%';

        INSERT INTO units_department (id, name, contact_name, contact_phone, is_active,
                                      created_at, parent_id, region_id, office_id)
        SELECT (SELECT coalesce(max(id), 0) FROM units_department) + n, '广西第' || n || '主管部门', '',
               '', true, now(), NULL, '450100',
               (SELECT id FROM bench_org_office WHERE bench_org_office.n = d.n %% %(offices)s)
        FROM generate_series(1, %(departments)s - 1) AS d(n);
        CREATE TEMP TABLE bench_org_department AS
          SELECT 0 AS n, department AS id FROM bench_ref
          UNION ALL SELECT row_number() OVER (ORDER BY id), id FROM units_department
            WHERE name LIKE '广西第%%主管部门';

        INSERT INTO units_committee (id, name, contact_name, contact_phone, is_active,
                                     created_at, region_id, series_id, office_id)
        SELECT (SELECT coalesce(max(id), 0) FROM units_committee) + c.n, s.name || '第' || c.n || '评审委员会',
               '', '', true, now(), '450000', s.id,
               (SELECT id FROM bench_org_office WHERE bench_org_office.n = c.n %% %(offices)s)
        FROM generate_series(1, %(committees)s - 1) AS c(n)
        JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, name FROM reference_series) s
          ON s.k = c.n %% (SELECT count(*) FROM reference_series);
        CREATE TEMP TABLE bench_org_committee AS
          SELECT 0 AS n, committee AS id FROM bench_ref
          UNION ALL SELECT row_number() OVER (ORDER BY id), id FROM units_committee
            WHERE name LIKE '%%第%%评审委员会';
        INSERT INTO units_committee_levels (id, committee_id, level_id)
        SELECT (SELECT coalesce(max(id), 0) FROM units_committee_levels) + n, id,
               (SELECT id FROM reference_level WHERE code = 'intermediate')
        FROM bench_org_committee WHERE n > 0;
        INSERT INTO units_committee_region_scope (id, committee_id, region_id)
        SELECT (SELECT coalesce(max(id), 0) FROM units_committee_region_scope) + n, id, '450000'
        FROM bench_org_committee WHERE n > 0;
        INSERT INTO payments_feeitem (id, name, purpose, amount, kinds, is_active, created_at,
                                      committee_id, office_id)
        SELECT (SELECT coalesce(max(id), 0) FROM payments_feeitem) + n, '职称评审费', 'review', 120,
               '["evaluation"]', true, now(), id, NULL
        FROM bench_org_committee WHERE n > 0;
        CREATE TEMP TABLE bench_fee AS
          SELECT DISTINCT ON (committee_id) committee_id, id FROM payments_feeitem
          WHERE committee_id IS NOT NULL AND purpose = 'review' ORDER BY committee_id, amount DESC;

        INSERT INTO units_unit (id, name, contact_name, contact_phone, is_active, created_at,
                                uscc, name_initials, legal_representative, industry, unit_type,
                                address, licence_file, seal_image, key, account_id,
                                department_id, region_id)
        SELECT (SELECT coalesce(max(id), 0) FROM units_unit) + n - 1,
               (ARRAY['南宁','柳州','桂林','梧州','北海','钦州','玉林','百色'])[1 + n %% 8]
                 || (ARRAY['恒通','华联','金桥','南方','中建','海川','东盟','博远'])[1 + (n / 8) %% 8]
                 || n || (ARRAY['工程有限公司','科技有限公司','设计研究院','建设集团','人民医院'])[1 + n %% 5],
               '联系人', '0771-' || lpad(n::text, 7, '0'), true, now(),
               '9145' || lpad(n::text, 13, '0') || 'B', '', '法人', 'E', 'private_enterprise',
               '', '', '', 'BK' || lpad(n::text, 14, '0'), NULL,
               CASE WHEN n %% 3 = 1 THEN (SELECT id FROM bench_org_department
                                          WHERE bench_org_department.n = u.n %% %(departments)s)
               END,
               (SELECT code FROM bench_counties
                WHERE bench_counties.k = u.n %% (SELECT count(*) FROM bench_counties))
        FROM generate_series(2, %(units)s - 1) AS u(n);
        CREATE TEMP TABLE bench_org_unit AS
          SELECT 0 AS n, unit_1 AS id FROM bench_ref
          UNION ALL SELECT 1, unit_2 FROM bench_ref
          UNION ALL SELECT row_number() OVER (ORDER BY id) + 1, id FROM units_unit
            WHERE uscc LIKE '9145%%B';
        ALTER TABLE bench_org_unit ADD PRIMARY KEY (n);
        CREATE TEMP TABLE bench_unit AS
          SELECT o.n, u.id, u.name, u.department_id,
                 CASE WHEN o.n = 0 THEN (SELECT office_gx FROM bench_ref)
                      WHEN o.n = 1 THEN (SELECT office_qz FROM bench_ref)
                      ELSE (SELECT id FROM bench_org_office WHERE bench_org_office.n =
                            o.n %% %(offices)s) END AS office_id
          FROM bench_org_unit o JOIN units_unit u ON u.id = o.id;
        ALTER TABLE bench_unit ADD PRIMARY KEY (n);
        """,
    ),
    (
        "people",
        """
        CREATE TEMP TABLE bench_person AS
          SELECT n, (SELECT coalesce(max(id), 0) FROM accounts_user) + n AS id,
                 least(%(units)s - 1,
                       floor(%(units)s * power(pg_temp.bench_rand(n, 1), 3)))::int AS unit_n,
                 pg_temp.bench_id_number(
                   c.code || to_char(date '1965-01-01' + (n / 1000)::int %% 12000, 'YYYYMMDD')
                   || lpad((n %% 1000)::text, 3, '0')) AS id_number,
                 substr(%(surnames)s, 1 + (n %% length(%(surnames)s)), 1)
                   || substr(%(given)s, 1 + ((n / 41) %% length(%(given)s)), 1)
                   || CASE WHEN n %% 3 = 0 THEN ''
                      ELSE substr(%(given)s, 1 + ((n / 7) %% length(%(given)s)), 1) END
                   AS full_name
          FROM generate_series(1, %(people)s) AS n
          JOIN bench_counties c ON c.k = n %% (SELECT count(*) FROM bench_counties);
        ALTER TABLE bench_person ADD PRIMARY KEY (n);
        INSERT INTO accounts_user (id, password, last_login, is_superuser, username, kind,
                                   full_name, id_number, phone, phone_verified, email, gender,
                                   birth_date, security_question, security_answer, is_staff,
                                   is_active, date_joined, id_type, real_name_level)
        SELECT id, %(password)s, NULL, false, id_number, 'person', full_name, id_number,
               '+8617' || lpad(n::text, 9, '0'), true, 'p' || n || '@bench.example.com',
               CASE WHEN n %% 2 = 0 THEN 'F' ELSE 'M' END,
               to_date(substr(id_number, 7, 8), 'YYYYMMDD'), 'birthplace', '', false, true,
               now() - interval '5 years', 'resident_id', ''
        FROM bench_person;
        INSERT INTO units_affiliation (id, joined_at, person_id, unit_id)
        SELECT (SELECT coalesce(max(id), 0) FROM units_affiliation) + p.n, now() - interval '5 years', p.id,
               u.id
        FROM bench_person p JOIN bench_unit u ON u.n = p.unit_n;
        """,
    ),
    (
        "applications",
        """
        ALTER TABLE bench_ref ADD COLUMN engineering bigint[], ADD COLUMN every bigint[],
          ADD COLUMN engineer bigint;
        UPDATE bench_ref SET
          engineering = (SELECT array_agg(q.id ORDER BY q.id) FROM reference_qualification q
                         JOIN reference_series s ON s.id = q.series_id
                         WHERE s.code = 'engineering'),
          every = (SELECT array_agg(id ORDER BY id) FROM reference_qualification),
          engineer = (SELECT q.id FROM reference_qualification q
                      JOIN reference_series s ON s.id = q.series_id
                      JOIN reference_level l ON l.id = q.level_id
                      WHERE s.code = 'engineering' AND l.code = 'intermediate'
                      ORDER BY q.id LIMIT 1);
        CREATE TEMP TABLE bench_app AS
        WITH base AS (
          SELECT g, p.id AS applicant_id, p.full_name, p.id_number, u.id AS unit_id,
                 u.name AS unit_name, u.department_id, u.office_id,
                 (SELECT this_year FROM bench_ref)
                   - ((p.n %% 5 + (g - 1) / %(people)s) %% 5)::int AS year,
                 pg_temp.bench_rand(g, 2) AS r_kind, pg_temp.bench_rand(g, 3) AS r_state,
                 pg_temp.bench_rand(g, 4) AS r_time, pg_temp.bench_rand(g, 5) AS r_q,
                 pg_temp.bench_rand(g, 6) AS r_stage
          FROM generate_series(1, %(applications)s) AS g
          JOIN bench_person p ON p.n = 1 + (g - 1) %% %(people)s
          JOIN bench_unit u ON u.n = p.unit_n
        ), kinded AS (
          SELECT base.*,
            CASE WHEN r_kind < 0.40 THEN 'evaluation' WHEN r_kind < 0.70 THEN 'recognition'
                 WHEN r_kind < 0.80 THEN 'reconfirmation' WHEN r_kind < 0.90 THEN 'replacement'
                 ELSE 'transfer' END AS kind
          FROM base
        ), stated AS (
          SELECT kinded.*,
            CASE WHEN year < (SELECT this_year FROM bench_ref) THEN
              CASE WHEN r_state < 0.03 THEN 'draft' WHEN r_state < 0.11 THEN 'rejected'
                   WHEN r_state < 0.18 AND kind = 'evaluation' THEN 'not_passed'
                   WHEN r_state < 0.22 THEN 'approved' ELSE 'certified' END
            ELSE
              CASE WHEN r_state < 0.15 THEN 'draft' WHEN r_state < 0.33 THEN 'unit_review'
                   WHEN r_state < 0.43 AND department_id IS NOT NULL THEN 'dept_review'
                   WHEN r_state < 0.43 THEN 'unit_review'
                   WHEN r_state < 0.58 THEN 'office_review'
                   WHEN r_state < 0.68 AND kind = 'evaluation' THEN 'committee_review'
                   WHEN r_state < 0.68 THEN 'office_review'
                   WHEN r_state < 0.75 THEN 'returned' WHEN r_state < 0.78 THEN 'rejected'
                   WHEN r_state < 0.78 + 0.11 THEN 'approved' ELSE 'certified' END
            END AS status,
            CASE WHEN kind = 'evaluation' THEN
              CASE WHEN g %% 5 = 0 THEN (SELECT committee FROM bench_ref)
                   ELSE (SELECT id FROM bench_org_committee
                         WHERE bench_org_committee.n = 1 + (g / 5) %% (%(committees)s - 1)) END
            END AS committee_id
          FROM kinded
        )
        , routed AS (
          SELECT stated.*, (department_id IS NOT NULL)::int AS has_department,
            2 + (department_id IS NOT NULL)::int + (kind = 'evaluation')::int AS steps
          FROM stated
        )
        SELECT s.*, (SELECT coalesce(max(id), 0) FROM applications_application) + g AS id,
          -- How many steps the application reached (0: never submitted).
          CASE status
            WHEN 'draft' THEN 0 WHEN 'unit_review' THEN 1
            WHEN 'dept_review' THEN 2 WHEN 'office_review' THEN 2 + has_department
            WHEN 'committee_review' THEN steps
            WHEN 'approved' THEN steps WHEN 'certified' THEN steps WHEN 'not_passed' THEN steps
            ELSE 1 + floor(r_stage * (steps - (kind = 'evaluation')::int))::int END AS reached,
          q.id AS qualification_id, q.series_id, q.level_id,
          make_timestamptz(year, 1, 1, 9, 0, 0, 'Asia/Shanghai')
            + (CASE WHEN year = (SELECT this_year FROM bench_ref)
                    THEN greatest(interval '1 day', least(interval '330 days',
                         now() - make_timestamptz(year, 1, 1, 9, 0, 0, 'Asia/Shanghai')
                         - interval '12 days'))
                    ELSE interval '330 days' END) * r_time AS created_at
        FROM routed s
        JOIN reference_qualification q ON q.id = CASE
          WHEN s.kind = 'evaluation' AND s.g %% 5 = 0 THEN (SELECT engineer FROM bench_ref)
          WHEN s.r_q < 0.5 THEN (SELECT engineering[1 + floor(s.r_q * 2 *
                                   cardinality(engineering))::int] FROM bench_ref)
          ELSE (SELECT every[1 + floor((s.r_q - 0.5) * 2 * cardinality(every))::int]
                FROM bench_ref)
          END;
        INSERT INTO applications_application (id, kind, year, custom_specialty, entrusted,
            status, unit_acted_at, promise_accepted_at, submitted_at, last_submitted_at,
            decided_at, results_publicity_ends_on, created_at, updated_at, version,
            applicant_id, committee_id, department_id, level_id, office_id, qualification_id,
            review_session_id, series_id, specialty_id, unit_id, current_step_id, unit_name)
        SELECT id, kind, year, '', false, status,
               CASE WHEN reached > 1 OR status IN ('returned', 'rejected')
                    THEN created_at + interval '5 days' END,
               CASE WHEN reached > 0 THEN created_at + interval '3 days' END,
               CASE WHEN reached > 0 THEN created_at + interval '3 days' END,
               CASE WHEN reached > 0 THEN created_at + interval '3 days' END,
               CASE WHEN status IN ('approved', 'certified', 'rejected', 'not_passed')
                    THEN created_at + interval '10 days' END,
               NULL, created_at, created_at + interval '10 days', reached + 1,
               applicant_id, committee_id,
               CASE WHEN reached > 0 THEN department_id END, level_id, office_id,
               qualification_id,
               CASE WHEN committee_id = (SELECT committee FROM bench_ref)
                         AND year = (SELECT this_year FROM bench_ref)
                    THEN (SELECT session FROM bench_ref) END,
               series_id, NULL, unit_id,
               CASE WHEN status IN ('unit_review', 'dept_review', 'office_review',
                                    'committee_review')
                    THEN (SELECT coalesce(max(id), 0) FROM applications_applicationstep) + g * 4 + reached - 1
                    WHEN status = 'returned'
                    THEN (SELECT coalesce(max(id), 0) FROM applications_applicationstep) + g * 4 END,
               ''
        FROM bench_app;
        """,
    ),
    (
        "steps",
        """
        CREATE TEMP TABLE bench_step_base AS SELECT coalesce(max(id), 0) AS base FROM applications_applicationstep;
        INSERT INTO applications_applicationstep (id, position, organisation_type, label,
            may_decide, return_scope, reached_at, application_id, committee_id, department_id,
            office_id, unit_id, waits_for_fee)
        SELECT (SELECT base FROM bench_step_base) + a.g * 4 + s.position, s.position, s.type,
               CASE s.type WHEN 'unit' THEN '单位' WHEN 'department' THEN '主管部门'
                           WHEN 'office' THEN '职改办' ELSE '评委会' END,
               s.type IN ('office', 'committee') AND (s.type = 'committee' OR a.kind <> 'evaluation'),
               'any',
               CASE WHEN s.position < a.reached
                    THEN a.created_at + interval '3 days' + s.position * interval '1 day' END,
               a.id,
               CASE WHEN s.type = 'committee' THEN a.committee_id END,
               CASE WHEN s.type = 'department' THEN a.department_id END,
               CASE WHEN s.type = 'office' THEN a.office_id END,
               CASE WHEN s.type = 'unit' THEN a.unit_id END,
               false
        FROM bench_app a
        CROSS JOIN LATERAL (
          SELECT position, (ARRAY['unit', 'department', 'office', 'committee'])[
                   1 + position + (position >= 1 AND a.has_department = 0)::int] AS type
          FROM generate_series(0, a.steps - 1) AS position
        ) s
        WHERE a.reached > 0;
        """,
    ),
    (
        "waiting at",
        """
        UPDATE applications_application a
        SET waiting_type = s.organisation_type,
            waiting_id = coalesce(s.unit_id, s.department_id, s.office_id, s.committee_id)
        FROM applications_applicationstep s
        WHERE s.id = a.current_step_id;
        """,
    ),
    (
        "organisations reached",
        """
        INSERT INTO applications_applicationreach (organisation_type, organisation_id,
            application_id)
        SELECT DISTINCT step.organisation_type,
               coalesce(step.unit_id, step.department_id, step.office_id, step.committee_id),
               step.application_id
        FROM applications_applicationstep step
        WHERE step.id > (SELECT base FROM bench_step_base) AND step.reached_at IS NOT NULL;
        """,
    ),
    (
        "action log",
        """
        CREATE TEMP TABLE bench_org_name AS
          SELECT 'unit' AS type, id, name FROM units_unit
          UNION ALL SELECT 'department', id, name FROM units_department
          UNION ALL SELECT 'office', id, name FROM units_office
          UNION ALL SELECT 'committee', id, name FROM units_committee;
        ALTER TABLE bench_org_name ADD PRIMARY KEY (type, id);
        CREATE TEMP TABLE bench_state (type text PRIMARY KEY, state text);
        INSERT INTO bench_state VALUES ('unit', 'unit_review'), ('department', 'dept_review'),
          ('office', 'office_review'), ('committee', 'committee_review');
        -- created, submitted
        INSERT INTO applications_actionlog (subject_type, subject_id, action, actor_name, role,
            organisation_type, organisation_id, organisation_name, from_status, to_status,
            opinion, data, created_at, actor_id, application_id)
        SELECT 'application', NULL::bigint, 'application.created', full_name, 'applicant', '',
               NULL::bigint,
               '', '', 'draft', '', '{}'::jsonb, created_at, applicant_id, id
        FROM bench_app
        UNION ALL
        SELECT 'application', NULL::bigint, 'application.submitted', full_name, 'applicant',
               '', NULL::bigint,
               '', 'draft', 'unit_review', '', '{}'::jsonb, created_at + interval '3 days',
               applicant_id, id
        FROM bench_app WHERE reached > 0;
        -- forwarded by the level before each step reached after the first
        INSERT INTO applications_actionlog (subject_type, subject_id, action, actor_name, role,
            organisation_type, organisation_id, organisation_name, from_status, to_status,
            opinion, data, created_at, actor_id, application_id)
        SELECT 'application', NULL, 'application.forwarded', '审核员',
               CASE prev.organisation_type WHEN 'department' THEN 'department_staff'
                    ELSE prev.organisation_type || '_staff' END,
               prev.organisation_type,
               coalesce(prev.unit_id, prev.department_id, prev.office_id, prev.committee_id),
               n.name, ps.state, ns.state, '同意报送。',
               jsonb_build_object('to_label', step.label), step.reached_at, NULL,
               step.application_id
        FROM applications_applicationstep step
        JOIN applications_applicationstep prev
          ON prev.application_id = step.application_id AND prev.position = step.position - 1
        JOIN bench_org_name n ON n.type = prev.organisation_type
          AND n.id = coalesce(prev.unit_id, prev.department_id, prev.office_id, prev.committee_id)
        JOIN bench_state ps ON ps.type = prev.organisation_type
        JOIN bench_state ns ON ns.type = step.organisation_type
        WHERE step.position > 0 AND step.reached_at IS NOT NULL
          AND step.application_id > (SELECT min(id) - 1 FROM bench_app);
        -- the decision (or return) by the last level reached
        INSERT INTO applications_actionlog (subject_type, subject_id, action, actor_name, role,
            organisation_type, organisation_id, organisation_name, from_status, to_status,
            opinion, data, created_at, actor_id, application_id)
        SELECT 'application', NULL, 'application.' || CASE a.status
                 WHEN 'approved' THEN 'approved' WHEN 'certified' THEN 'approved'
                 WHEN 'not_passed' THEN 'failed' WHEN 'rejected' THEN 'rejected'
                 ELSE 'returned' END,
               '审核员',
               CASE last.organisation_type WHEN 'department' THEN 'department_staff'
                    ELSE last.organisation_type || '_staff' END,
               last.organisation_type,
               coalesce(last.unit_id, last.department_id, last.office_id, last.committee_id),
               n.name, ls.state,
               CASE a.status WHEN 'certified' THEN 'approved' ELSE a.status END,
               CASE a.status WHEN 'returned' THEN '请补充材料后重新报送。'
                    WHEN 'rejected' THEN '不符合申报条件。' ELSE '' END,
               '{}', a.created_at + interval '10 days', NULL, a.id
        FROM bench_app a
        JOIN applications_applicationstep last
          ON last.application_id = a.id AND last.position = a.reached - 1
        JOIN bench_org_name n ON n.type = last.organisation_type
          AND n.id = coalesce(last.unit_id, last.department_id, last.office_id, last.committee_id)
        JOIN bench_state ls ON ls.type = last.organisation_type
        WHERE a.status IN ('approved', 'certified', 'not_passed', 'rejected', 'returned');
        """,
    ),
    (
        "certificates",
        """
        INSERT INTO certificates_certificate (number, origin, holder_name, holder_id_number,
            specialty_name, issuing_body, committee_name, approved_on, issued_at, status,
            voided_on, void_reason, verification_code, replaces_number, lookup_count, pdf,
            pdf_fingerprint, application_id, committee_id, holder_id, level_id, office_id,
            qualification_id, replaces_id, series_id)
        SELECT 'BN-' || a.year || '-' || a.g, 'issued', a.full_name, a.id_number, '',
               o.name, coalesce(c.name, ''), (a.created_at + interval '10 days')::date,
               a.created_at + interval '12 days', 'valid', NULL, '',
               upper(substr(md5('bench' || a.g), 1, 16)), '', 0, '', '', a.id, a.committee_id,
               a.applicant_id, a.level_id, a.office_id, a.qualification_id, NULL, a.series_id
        FROM bench_app a
        JOIN units_office o ON o.id = a.office_id
        LEFT JOIN units_committee c ON c.id = a.committee_id
        WHERE a.status = 'certified';
        """,
    ),
    (
        "orders",
        """
        INSERT INTO payments_order (number, purpose, item_name, amount, refunded_amount,
            channel, serial_number, status, created_at, expires_at, paid_at, closed_at,
            needs_attention, attention_note, invoice_status, invoice_title, invoice_tax_number,
            invoice_email, invoice_requested_at, invoice_file, invoice_issued_at,
            application_id, committee_id, item_id, office_id, payer_id)
        SELECT 'bench' || a.g, 'review', '职称评审费', 120, 0,
               CASE WHEN a.r_time < 0.8 THEN 'alipay' ELSE '' END,
               CASE WHEN a.r_time < 0.8 THEN 'BS' || a.g ELSE '' END,
               CASE WHEN a.r_time < 0.8 THEN 'paid' ELSE 'pending' END,
               a.created_at + interval '6 days', a.created_at + interval '13 days',
               CASE WHEN a.r_time < 0.8 THEN a.created_at + interval '7 days' END, NULL,
               false, '', 'none', '', '', '', NULL, '', NULL,
               a.id, a.committee_id, f.id, NULL, a.applicant_id
        FROM bench_app a JOIN bench_fee f ON f.committee_id = a.committee_id
        WHERE a.kind = 'evaluation' AND a.reached = a.steps;
        """,
    ),
    (
        "messages",
        """
        INSERT INTO titleportal_message (event, title, body, link, created_at, read_at,
                                         recipient_id)
        SELECT 'review.submitted', '申报已报送：' || full_name, '', '/applications/' || id || '/detail/',
               created_at + interval '3 days', created_at + interval '4 days', applicant_id
        FROM bench_app WHERE reached > 0
        UNION ALL
        SELECT 'review.' || status, '申报进度更新', '', '/applications/' || id || '/progress/',
               created_at + interval '10 days', NULL::timestamptz, applicant_id
        FROM bench_app WHERE status NOT IN ('draft', 'unit_review');
        -- The demo applicant reads a long list.
        INSERT INTO titleportal_message (event, title, body, link, created_at, read_at,
                                         recipient_id)
        SELECT 'notice', '系统通知 ' || n, '', '', now() - n * interval '1 hour', NULL,
               (SELECT id FROM accounts_user WHERE phone = '+8613800000001')
        FROM generate_series(1, least(500, %(applications)s / 20)) AS n;
        """,
    ),
]
