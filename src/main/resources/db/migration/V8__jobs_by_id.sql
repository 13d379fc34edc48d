-- GET /api/2.0/jobs/{job_id}: a request's claim found by the job id the till was answered with.
CREATE INDEX pos_request_job ON pos_request (job_id);
