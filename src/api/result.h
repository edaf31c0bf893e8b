/* Calling a use case from a handler: the context of the request, and the HTTP answer of a
 * result that is not OK. A handler reads JSON into the use case's input, calls it, and answers
 * the record as JSON or the failure through api_answer_failure. */
#ifndef TSUNAGU_API_RESULT_H
#define TSUNAGU_API_RESULT_H

#include "http/request.h"
#include "service/service.h"

/* The request's context: its connection, pool, user and role, and its one clock reading. */
void api_ctx(http_req *req, svc_ctx *ctx);
/* Answers a failed result (400/403/404/409/503/500 with the error body of api.md) and returns
 * true; returns false, answering nothing, when r is OK. */
bool api_answer_failure(http_req *req, svc_result r);
/* Holds the answer until the reads the use cases collected in ctx are durable (an audit failure
 * turns it into 500). Hourly rows already written this hour are dropped first. */
void api_hold_reads(http_req *req, svc_ctx *ctx);

#endif
