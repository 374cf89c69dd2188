DROP TABLE IF EXISTS merge_queue;
