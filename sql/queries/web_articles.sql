-- Articles as POST /articles reports them.

-- name: web_article_by_url
SELECT id FROM articles WHERE url = %(url)s ORDER BY id DESC LIMIT 1

-- name: web_article_status
SELECT status, error FROM articles WHERE id = %(id)s
