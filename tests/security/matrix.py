"""The expected answers of the authorization matrix: one line per URL name (``name@variant``
for a second object of the same URL, see world.py), one column per role, each cell "GP" with
the answer to GET and to POST.

o 200 · r redirect (not to sign-in) · l redirect to sign-in · b 400 · f 403 (signed in, wrong
role) · n 404 (no such object for this role: someone else's objects answer 404, not 403) ·
m 405 · x 500 · ? other; UPPERCASE: the request wrote rows.

Roles: anon anonymous · zhang applicant 张三 · li applicant 李四 · unit unit account 南宁蓝海 ·
wang unit staff 王五 (南宁蓝海) · zhao unit staff 赵六 (钦州海湾) · qian department staff 钱七 ·
sun office staff 孙八 · zhou committee staff 周九 · admin Django admin.

Record the actual answers with MATRIX_RECORD=tests/security/matrix.py, then review the diff.
"""

TABLE = """
url                                  anon  zhang li    unit  wang  zhao  qian  sun   zhou  admin
account_change_password              ll    oo    oo    oo    oo    oo    oo    oo    oo    oo
account_change_phone                 ll    oo    oo    oo    oo    oo    oo    oo    oo    oo
account_complete_password_reset      rr    rr    rr    rr    rr    rr    rr    rr    rr    rr
account_confirm_email                on    on    on    on    on    on    on    on    on    on
account_confirm_login_code           rr    rr    rr    rr    rr    rr    rr    rr    rr    rr
account_confirm_password_reset_code  ll    ll    ll    ll    ll    ll    ll    ll    ll    ll
account_email                        ll    OR    OR    or    OR    OR    OR    OR    OR    or
account_email_verification_sent      om    om    om    om    om    om    om    om    om    om
account_inactive                     om    om    om    om    om    om    om    om    om    om
account_login                        oo    rr    rr    rr    rr    rr    rr    rr    rr    rr
account_logout                       rr    or    or    or    or    or    or    or    or    or
account_password_reset_completed     om    om    om    om    om    om    om    om    om    om
account_reauthenticate               ll    oo    oo    oo    oo    oo    oo    oo    oo    oo
account_request_login_code           oo    rr    rr    rr    rr    rr    rr    rr    rr    rr
account_reset_password               oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
account_set_password                 ll    rr    rr    rr    rr    rr    rr    rr    rr    rr
account_signup                       oo    rr    rr    rr    rr    rr    rr    rr    rr    rr
account_verify_phone                 ll    rr    rr    rr    rr    rr    rr    rr    rr    rr
accounts:change_email                ll    oo    oo    nn    oo    oo    oo    oo    oo    nn
accounts:change_email_code           ll    rr    rr    nn    rr    rr    rr    rr    rr    nn
accounts:choose_role                 ll    rr    rr    rr    oo    oo    oo    oo    oo    rr
accounts:password_reset_new          rr    rr    rr    rr    rr    rr    rr    rr    rr    rr
accounts:password_reset_question     oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
accounts:password_reset_sms          oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
accounts:password_reset_sms_code     rr    rr    rr    rr    rr    rr    rr    rr    rr    rr
accounts:profile                     ll    oo    oo    nn    oo    oo    oo    oo    oo    nn
accounts:security_question           ll    oo    oo    nn    oo    oo    oo    oo    oo    nn
accounts:settings                    ll    oo    oo    oo    oo    oo    oo    oo    oo    oo
accounts:switch_role                 ll    mr    mr    mr    mr    mr    mr    mr    mr    mr
applications:attachment              ll    oo    nn    ff    nn    nn    nn    nn    nn    ff
applications:attachment_delete       ll    mR    mn    ff    ff    ff    ff    ff    ff    ff
applications:detail                  ll    nn    oo    ff    oo    nn    nn    nn    nn    ff
applications:detail@committee        ll    nn    nn    ff    oo    nn    nn    oo    oo    ff
applications:detail@qz               ll    nn    nn    ff    nn    oo    oo    nn    nn    ff
applications:discard                 ll    oR    nn    ff    ff    ff    ff    ff    ff    ff
applications:file                    ll    oo    nn    ff    nn    nn    nn    nn    nn    ff
applications:list                    ll    oo    oo    ff    ff    ff    ff    ff    ff    ff
applications:material_upload         ll    mr    mn    ff    ff    ff    ff    ff    ff    ff
applications:open                    ll    rr    nn    ff    ff    ff    ff    ff    ff    ff
applications:pdf                     ll    nn    oo    ff    oo    nn    nn    nn    nn    ff
applications:print                   ll    nn    oo    ff    oo    nn    nn    nn    nn    ff
applications:progress                ll    nn    oo    ff    oo    nn    nn    nn    nn    ff
applications:route                   ll    oo    nn    ff    ff    ff    ff    ff    ff    ff
applications:row_delete              ll    mR    mn    ff    ff    ff    ff    ff    ff    ff
applications:row_edit                ll    oo    nn    ff    ff    ff    ff    ff    ff    ff
applications:row_move                ll    mR    mn    ff    ff    ff    ff    ff    ff    ff
applications:row_new                 ll    oo    nn    ff    ff    ff    ff    ff    ff    ff
applications:row_order               ll    mR    mn    ff    ff    ff    ff    ff    ff    ff
applications:section                 ll    oo    nn    ff    ff    ff    ff    ff    ff    ff
applications:start                   ll    oo    oo    ff    ff    ff    ff    ff    ff    ff
applications:submit                  ll    oo    nn    ff    ff    ff    ff    ff    ff    ff
applications:void_notices            oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
applications:withdraw                ll    nn    oR    ff    ff    ff    ff    ff    ff    ff
captcha-audio                        nn    nn    nn    nn    nn    nn    nn    nn    nn    nn
captcha-image                        oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
captcha-image-2x                     oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
captcha-refresh                      nn    nn    nn    nn    nn    nn    nn    nn    nn    nn
certificates:certify                 ll    ff    ff    ff    ff    ff    ff    mr    ff    ff
certificates:collected               ll    ff    ff    ff    ff    ff    ff    mr    ff    ff
certificates:delivery                ll    nn    oo    ff    ff    ff    ff    ff    ff    ff
certificates:download                ll    Om    nm    ff    ff    ff    ff    ff    ff    ff
certificates:historical_edit         ll    nn    nn    ff    ff    ff    ff    ff    ff    ff
certificates:historical_file         ll    nm    om    ff    ff    ff    ff    ff    ff    ff
certificates:historical_new          ll    oo    oo    ff    ff    ff    ff    ff    ff    ff
certificates:lookups                 ll    om    nm    ff    ff    ff    ff    ff    ff    ff
certificates:mine                    ll    om    om    ff    ff    ff    ff    ff    ff    ff
certificates:office_list             ll    ff    ff    ff    ff    ff    ff    om    ff    ff
certificates:office_pdf              ll    ff    ff    ff    ff    ff    ff    Om    ff    ff
certificates:region_options          ll    om    om    ff    ff    ff    ff    ff    ff    ff
certificates:ship                    ll    ff    ff    ff    ff    ff    ff    mr    ff    ff
certificates:verification_detail     ll    ff    ff    ff    ff    ff    ff    oo    ff    ff
certificates:verification_detail@qz  ll    ff    ff    ff    ff    ff    ff    nn    ff    ff
certificates:verification_file       ll    ff    ff    ff    ff    ff    ff    om    ff    ff
certificates:verification_queue      ll    ff    ff    ff    ff    ff    ff    om    ff    ff
certificates:verify                  oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
certificates:verify_code             Om    Om    Om    Om    Om    Om    Om    Om    Om    Om
health                               oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
home                                 oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
message_open                         ll    mR    mn    mn    mn    mn    mn    mn    mn    mn
messages                             ll    oo    oo    oo    oo    oo    oo    oo    oo    oo
messages_mark_all_read               ll    mR    mR    mR    mR    mR    mR    mR    mR    mR
mfa_activate_totp                    ll    rr    rr    rr    rr    rr    rr    rr    rr    rr
mfa_authenticate                     ll    rr    rr    rr    rr    rr    rr    rr    rr    rr
mfa_deactivate_totp                  ll    nn    nn    nn    nn    nn    nn    nn    nn    nn
mfa_download_recovery_codes          ll    nn    nn    nn    nn    nn    nn    nn    nn    nn
mfa_generate_recovery_codes          ll    rr    rr    rr    rr    rr    rr    rr    rr    rr
mfa_index                            ll    om    om    om    om    om    om    om    om    om
mfa_reauthenticate                   ll    rr    rr    rr    rr    rr    rr    rr    rr    rr
mfa_view_recovery_codes              ll    nm    nm    nm    nm    nm    nm    nm    nm    nm
notice_detail                        oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
notices                              oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
reviews:accept                       ll    ff    ff    ff    mr    mn    mn    mr    mr    ff
reviews:achievement_template_delete  ll    ff    ff    ff    ff    ff    ff    ff    mr    ff
reviews:achievement_template_edit    ll    ff    ff    ff    ff    ff    ff    ff    oo    ff
reviews:achievement_template_new     ll    ff    ff    ff    ff    ff    ff    ff    oo    ff
reviews:approve                      ll    ff    ff    ff    mr    mn    mn    mb    mn    ff
reviews:batch                        ll    ff    ff    ff    mr    mr    mr    mr    mr    ff
reviews:detail                       ll    ff    ff    ff    oo    nn    nn    nn    nn    ff
reviews:detail@committee             ll    ff    ff    ff    oo    nn    nn    oo    oo    ff
reviews:detail@qz                    ll    ff    ff    ff    nn    oo    oo    nn    nn    ff
reviews:downloads                    ll    ff    ff    ff    oo    oo    oo    oo    oo    ff
reviews:evaluation_form              ll    ff    ff    ff    OO    nn    nn    nn    nn    ff
reviews:export                       ll    ff    ff    ff    OO    OO    OO    OO    OO    ff
reviews:fail                         ll    ff    ff    ff    mr    mn    mn    mr    mb    ff
reviews:forward                      ll    ff    ff    ff    mb    mn    mn    mn    mn    ff
reviews:material_delete              ll    ff    ff    ff    ff    ff    ff    ff    mr    ff
reviews:material_edit                ll    ff    ff    ff    ff    ff    ff    ff    oo    ff
reviews:material_new                 ll    ff    ff    ff    ff    ff    ff    ff    oo    ff
reviews:opinions                     ll    ff    ff    ff    mb    mn    mn    mn    mn    ff
reviews:publicity                    oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
reviews:publicity_detail             oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
reviews:publicity_table              ll    ff    ff    ff    oo    oo    ff    ff    ff    ff
reviews:queue                        ll    ff    ff    ff    oo    oo    oo    oo    oo    ff
reviews:records                      ll    ff    ff    ff    oo    oo    oo    oo    oo    ff
reviews:reject                       ll    ff    ff    ff    mb    mn    mn    mn    mn    ff
reviews:return                       ll    ff    ff    ff    mb    mn    mn    mn    mn    ff
reviews:session_close                ll    ff    ff    ff    ff    ff    ff    ff    mR    ff
reviews:session_detail               ll    ff    ff    ff    ff    ff    ff    ff    oo    ff
reviews:session_edit                 ll    ff    ff    ff    ff    ff    ff    ff    oo    ff
reviews:session_import               ll    ff    ff    ff    ff    ff    ff    ff    mb    ff
reviews:session_new                  ll    ff    ff    ff    ff    ff    ff    ff    oo    ff
reviews:session_publish              ll    ff    ff    ff    ff    ff    ff    ff    mr    ff
reviews:session_requirements         ll    ff    ff    ff    ff    ff    ff    ff    oo    ff
reviews:session_template             ll    ff    ff    ff    ff    ff    ff    ff    OO    ff
reviews:sessions                     ll    ff    ff    ff    ff    ff    ff    ff    oo    ff
reviews:unit_publicity               ll    oo    oo    oo    oo    nn    nn    nn    nn    nn
reviews:unit_publicity_start         ll    ff    ff    ff    mr    mr    ff    ff    ff    ff
set_language                         rr    rr    rr    rr    rr    rr    rr    rr    rr    rr
stashed_upload                       nn    oo    nn    nn    nn    nn    nn    nn    nn    nn
units:account                        ll    ff    ff    oo    ff    ff    ff    ff    ff    ff
units:contacts                       ll    ff    ff    oo    ff    ff    ff    ff    ff    ff
units:department_staff               ll    ff    ff    ff    ff    ff    ff    oo    ff    ff
units:department_staff_remove        ll    ff    ff    ff    ff    ff    ff    mR    ff    ff
units:department_staff_toggle        ll    ff    ff    ff    ff    ff    ff    mR    ff    ff
units:info                           ll    ff    ff    oo    ff    ff    ff    ff    ff    ff
units:invitation                     ll    nn    or    nn    nn    nn    nn    nn    nn    nn
units:join                           ll    oo    oo    nn    oo    oo    oo    oo    oo    nn
units:key                            ll    ff    ff    oo    ff    ff    ff    ff    ff    ff
units:key_regenerate                 ll    ff    ff    mR    ff    ff    ff    ff    ff    ff
units:licence_file                   ll    nn    nn    oo    oo    nn    nn    nn    nn    nn
units:login                          oo    rr    rr    rr    rr    rr    rr    rr    rr    rr
units:recover                        oo    oo    oo    oo    oo    oo    oo    oo    oo    oo
units:recover_code                   rr    rr    rr    rr    rr    rr    rr    rr    rr    rr
units:recover_password               rr    rr    rr    rr    rr    rr    rr    rr    rr    rr
units:recover_staff                  rr    rr    rr    rr    rr    rr    rr    rr    rr    rr
units:regions                        om    om    om    om    om    om    om    om    om    om
units:register                       oo    rr    rr    rr    rr    rr    rr    rr    rr    rr
units:seal_file                      ll    nn    nn    oo    oo    nn    nn    nn    nn    nn
units:seal_upload                    ll    ff    ff    mo    ff    ff    ff    ff    ff    ff
units:search                         om    om    om    om    om    om    om    om    om    om
units:staff                          ll    ff    ff    oo    ff    ff    ff    ff    ff    ff
units:staff_add                      ll    ff    ff    mr    ff    ff    ff    ff    ff    ff
units:staff_invitation_withdraw      ll    ff    ff    mR    ff    ff    ff    ff    ff    ff
units:staff_invitation_withdraw@qz   ll    ff    ff    mn    ff    ff    ff    ff    ff    ff
units:staff_login                    oo    rr    rr    rr    rr    rr    rr    rr    rr    rr
units:staff_lookup                   ll    ff    ff    mo    ff    ff    ff    ff    ff    ff
units:staff_remove                   ll    ff    ff    mR    ff    ff    ff    ff    ff    ff
units:staff_toggle                   ll    ff    ff    mR    ff    ff    ff    ff    ff    ff
units:staff_toggle@qz                ll    ff    ff    mn    ff    ff    ff    ff    ff    ff
"""
