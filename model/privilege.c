/* Privileges: who may see and who may control which job (see model/internal/privilege.h). */
#include "model/internal/privilege.h"

/* Whether user u holds CONTROLJOB. */
static int has_controljob(const jt_model *m, int u) {
    const jt_user *x;
    if (u < 0)
        return 0;
    x = &m->users[u];
    return ((m->profile->controljob_inherited ? x->eff_options : x->options) &
            JT_USER_CONTROLJOB) != 0;
}

int jt_privilege_can_view(const jt_model *m, int u, const jt_job *j) {
    const jt_profile *p = m->profile;
    const jt_user *x;
    if (u < 0)
        return 0;
    x = &m->users[u];
    if (x->eff_admin)
        return 1;
    if ((p->view & JT_VIEW_OWN) && j->user == (uint32_t)u)
        return 1;
    if ((p->view & JT_VIEW_OWNER_ROLE) && jt_store_member_of(m, (uint32_t)u, j->user))
        return 1;
    if ((p->view & JT_VIEW_VIEWJOB) && (x->eff_options & JT_USER_VIEWJOB))
        return 1;
    if ((p->view & JT_VIEW_CONTROLJOB_ALL) && has_controljob(m, u))
        return 1;
    return (p->view & JT_VIEW_CONTROLJOB) && has_controljob(m, u) && !m->users[j->user].eff_admin;
}

int jt_privilege_gate(const jt_model *m, int u) {
    const jt_profile *p = m->profile;
    int admin = u >= 0 && m->users[u].eff_admin;
    if (p->control_gate == JT_GATE_ADMIN && !admin)
        return JT_ERR_PRIVILEGE;
    if (p->control_gate == JT_GATE_CONTROLJOB && !admin && !has_controljob(m, u))
        return JT_ERR_NO_CONTROLJOB;
    return JT_ERR_NONE;
}

int jt_privilege_authorize(const jt_model *m, int u, const jt_job *j) {
    const jt_profile *p = m->profile;
    if (!p->per_job)
        return JT_ERR_NONE;
    if (p->owner_controls && u >= 0 && j->user == (uint32_t)u)
        return JT_ERR_NONE;
    if (u >= 0 && m->users[u].eff_admin)
        return JT_ERR_NONE;
    if (p->owner_role_controls && u >= 0 && jt_store_member_of(m, (uint32_t)u, j->user))
        return JT_ERR_NONE;
    if (m->users[j->user].eff_admin)
        return JT_ERR_ADMIN_OWNED;
    return has_controljob(m, u) ? JT_ERR_NONE : JT_ERR_NO_PRIVILEGE;
}
