-- Articles whose events are stored but not yet clustered: ingest clusters a batch of articles at a time
-- after their own transactions (docs/merge.md, When it runs); what a stopped process left here is
-- clustered by the next run.
CREATE TABLE merge_queue (
    article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE
);
