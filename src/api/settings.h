/* The director's settings as the other handlers use them. */
#ifndef TSUNAGU_API_SETTINGS_H
#define TSUNAGU_API_SETTINGS_H

#include "domain/risk.h"
#include "http/request.h"

/* The risk table in force and its version (0: the defaults of domain.md). On a storage error
 * it answers 500 and returns -1. */
int api_risk_table_current(http_req *req, risk_table *t, int64_t *version);
/* The bonding (赤ちゃんへの気持ち質問票) threshold, -1 when none is set. */
int api_bonding_threshold(http_req *req, int *threshold);

#endif
