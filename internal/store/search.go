package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Search in the portal's spaces. Every word of a wiki page (title and
// text) and of a thread (title and posts) is kept, lower-cased, once per
// space in space_words and with the pages and threads it occurs in in
// space_word_docs, both keyed by the space first: a search reads the
// words of the spaces its reader may see, finds those that hold each
// searched word (anywhere in the word: "getriebe" finds
// "Kegelradgetriebe"), and returns the pages and threads that hold all of
// them. What a reader may not see is neither read, found nor counted.

// Document kinds in space_word_docs.
const (
	docPage   = 1
	docThread = 2
)

// maxWordBytes is the longest word kept; a longer one is cut (at a
// letter), and so is a searched word.
const maxWordBytes = 64

// maxSearchWords is the most words of a search that count; the rest are
// ignored.
const maxSearchWords = 8

// searchWords returns the distinct words of s, lower-cased, in the order
// they first occur: runs of letters and digits of two or more characters,
// each cut to maxWordBytes.
func searchWords(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if utf8.RuneCountInString(w) < 2 {
			continue
		}
		w = strings.ToLower(w)
		if len(w) > maxWordBytes {
			cut := maxWordBytes
			for !utf8.RuneStart(w[cut]) {
				cut--
			}
			w = w[:cut]
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// reindexWords changes the words of document (kind, docID) of space
// spaceID from those of the text before to those of after.
func reindexWords(ctx context.Context, tx *sql.Tx, spaceID int64, kind int, docID int64, before, after string) error {
	old, now := searchWords(before), searchWords(after)
	in := func(ws []string) map[string]bool {
		m := make(map[string]bool, len(ws))
		for _, w := range ws {
			m[w] = true
		}
		return m
	}
	inOld, inNow := in(old), in(now)
	return indexWords(ctx, tx, spaceID, kind, docID,
		slices.DeleteFunc(now, func(w string) bool { return inOld[w] }),
		slices.DeleteFunc(old, func(w string) bool { return inNow[w] }))
}

// indexWords adds the words add to document (kind, docID) of space spaceID
// and takes the words remove from it, in transaction tx.
func indexWords(ctx context.Context, tx *sql.Tx, spaceID int64, kind int, docID int64, add, remove []string) error {
	const chunk = 200
	for len(remove) > 0 {
		n := min(chunk, len(remove))
		if _, err := tx.ExecContext(ctx, `DELETE FROM space_word_docs WHERE space_id = $1 AND kind = $2 AND doc_id = $3 AND word IN (`+placeholders(4, n)+`)`,
			stringArgs([]any{spaceID, kind, docID}, remove[:n])...); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		remove = remove[n:]
	}
	for len(add) > 0 {
		n := min(chunk, len(add))
		var words, docs strings.Builder
		for i := range n {
			if i > 0 {
				words.WriteString(", ")
				docs.WriteString(", ")
			}
			fmt.Fprintf(&words, "($1, $%d)", 2+i)
			fmt.Fprintf(&docs, "($1, $%d, $2, $3)", 4+i)
		}
		args := stringArgs([]any{spaceID, kind, docID}, add[:n])
		if _, err := tx.ExecContext(ctx, `INSERT INTO space_words (space_id, word) VALUES `+words.String()+` ON CONFLICT DO NOTHING`,
			append([]any{spaceID}, args[3:]...)...); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO space_word_docs (space_id, word, kind, doc_id) VALUES `+docs.String()+` ON CONFLICT DO NOTHING`, args...); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		add = add[n:]
	}
	return nil
}

// SearchHit is a page or thread found by SearchSpaces.
type SearchHit struct {
	Kind    string `json:"kind"` // page or thread
	SpaceID int64  `json:"space_id"`
	ID      int64  `json:"id"`
	Title   string `json:"title"`
}

// MaxSearchHits is the most hits SearchSpaces returns.
const MaxSearchHits = 50

// SearchSpaces finds the wiki pages and threads that hold every word of q
// (within a word of theirs, in any case), in the spaces the actor in ctx
// may see and nowhere else: the newest pages, then the newest threads, at
// most MaxSearchHits.
// Words are runs of letters and digits; a query without a word of two or
// more of them is crm.EINVALID.
func (s *Store) SearchSpaces(ctx context.Context, q string) ([]SearchHit, error) {
	if len(q) > 200 {
		return nil, crm.Errorf(crm.EINVALID, "q: search for 2 to 200 characters")
	}
	terms := searchTerms(q)
	if len(terms) == 0 {
		return nil, crm.Errorf(crm.EINVALID, "q: search for a word of at least 2 letters or digits")
	}
	levels, err := s.spaceLevels(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := []SearchHit{}
	if len(levels) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(levels)+len(terms))
	for id := range levels {
		args = append(args, id)
	}
	slices.SortFunc(args, func(a, b any) int { return cmp.Compare(a.(int64), b.(int64)) })
	in := placeholders(1, len(args))
	parts := make([]string, len(terms))
	for i, t := range terms {
		args = append(args, "%"+strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(t)+"%")
		// CROSS JOIN: the words first (SQLite keeps the order), then
		// the documents of the few that match.
		parts[i] = `SELECT DISTINCT d.kind, d.doc_id FROM space_words w CROSS JOIN space_word_docs d
			WHERE w.space_id IN (` + in + `) AND w.word LIKE $` + strconv.Itoa(len(args)) + ` ESCAPE '\'
			AND d.space_id = w.space_id AND d.word = w.word`
	}
	// The newest pages, then the newest threads: only the hits shown are
	// read from the pages and threads (whose rows hold their text).
	rows, err := s.db.QueryContext(ctx, `WITH hits (kind, doc_id) AS (`+strings.Join(parts, " INTERSECT ")+`),
		top AS (SELECT kind, doc_id FROM hits ORDER BY kind, doc_id DESC LIMIT `+strconv.Itoa(MaxSearchHits)+`)
		SELECT 'page', p.space_id, p.id, p.title FROM top h JOIN space_pages p ON p.id = h.doc_id WHERE h.kind = `+strconv.Itoa(docPage)+`
		UNION ALL
		SELECT 'thread', t.space_id, t.id, t.title FROM top h JOIN space_threads t ON t.id = h.doc_id WHERE h.kind = `+strconv.Itoa(docThread)+`
		ORDER BY 1, 3 DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: search spaces: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h SearchHit
		if err := rows.Scan(&h.Kind, &h.SpaceID, &h.ID, &h.Title); err != nil {
			return nil, fmt.Errorf("store: search spaces: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// searchTerms returns the words of query q that a search looks for: at
// most maxSearchWords, without those another holds (a word that holds
// "gearbox" holds "gear").
func searchTerms(q string) []string {
	words := searchWords(q)
	var out []string
	for i, w := range words {
		implied := false
		for j, o := range words {
			if j != i && strings.Contains(o, w) && (len(o) > len(w) || j < i) {
				implied = true
				break
			}
		}
		if !implied && len(out) < maxSearchWords {
			out = append(out, w)
		}
	}
	return out
}

// buildSearchIndex indexes the pages and threads written before the
// search tables came (migration 00024), once: the setting search_index
// records that it is done, in the same transaction.
func (s *Store) buildSearchIndex(ctx context.Context) error {
	var n int
	if err := s.wdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings WHERE key = 'search_index'`).Scan(&n); err != nil {
		return fmt.Errorf("store: search index: %w", err)
	}
	if n > 0 {
		return nil
	}
	start := time.Now()
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: search index: %w", err)
	}
	defer tx.Rollback()
	type doc struct {
		space, id int64
		text      strings.Builder
	}
	docs := 0
	index := func(kind int, batch []*doc) error {
		for _, d := range batch {
			if err := indexWords(ctx, tx, d.space, kind, d.id, searchWords(d.text.String()), nil); err != nil {
				return err
			}
		}
		docs += len(batch)
		return nil
	}
	// Pages, then threads with their posts, a batch of ids at a time.
	for _, src := range []struct {
		kind        int
		docs, parts string
	}{
		{docPage, `SELECT id, space_id, title || ' ' || body FROM space_pages WHERE id > $1 ORDER BY id LIMIT 500`, ``},
		{docThread, `SELECT id, space_id, title FROM space_threads WHERE id > $1 ORDER BY id LIMIT 500`,
			`SELECT thread_id, body FROM space_posts WHERE thread_id >= $1 AND thread_id <= $2`},
	} {
		for after := int64(0); ; {
			rows, err := tx.QueryContext(ctx, src.docs, after)
			if err != nil {
				return fmt.Errorf("store: search index: %w", err)
			}
			var batch []*doc
			byID := map[int64]*doc{}
			for rows.Next() {
				d := &doc{}
				var text string
				if err := rows.Scan(&d.id, &d.space, &text); err != nil {
					rows.Close()
					return fmt.Errorf("store: search index: %w", err)
				}
				d.text.WriteString(text)
				batch = append(batch, d)
				byID[d.id] = d
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("store: search index: %w", err)
			}
			if len(batch) == 0 {
				break
			}
			after = batch[len(batch)-1].id
			if src.parts != "" {
				if err := addParts(ctx, tx, src.parts, batch[0].id, after, func(id int64, text string) {
					if d := byID[id]; d != nil {
						d.text.WriteString(" ")
						d.text.WriteString(text)
					}
				}); err != nil {
					return err
				}
			}
			if err := index(src.kind, batch); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('search_index', '1') ON CONFLICT DO NOTHING`); err != nil {
		return fmt.Errorf("store: search index: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: search index: %w", err)
	}
	if docs > 0 {
		s.log.Info("search index built", slog.Int("pages_and_threads", docs), slog.Duration("took", time.Since(start)))
	}
	return nil
}

// addParts reads the (document id, text) rows of query, for the ids from
// lo to hi, into add.
func addParts(ctx context.Context, tx *sql.Tx, query string, lo, hi int64, add func(id int64, text string)) error {
	rows, err := tx.QueryContext(ctx, query, lo, hi)
	if err != nil {
		return fmt.Errorf("store: search index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return fmt.Errorf("store: search index: %w", err)
		}
		add(id, text)
	}
	return rows.Err()
}
