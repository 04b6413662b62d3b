package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"

	"github.com/vitalfew/vitalfew/internal/textfmt"
)

// importProgress shows on one terminal line how far an import got: while
// the file is read, its name, the percent of it read and the rows so far
// ("orders.csv  42% 120,000 rows"); while the database writes, the rows
// and the time it has taken so far. Nothing else: no bytes per second, no
// spinner.
type importProgress struct {
	w     io.Writer
	name  string
	every time.Duration // at most one line per every while reading
	now   func() time.Time

	mu      sync.Mutex
	drawn   time.Time // when the last reading line was drawn
	pct     int       // the percent last drawn, -1 for none
	writing bool
	stop    chan struct{}
	stopped chan struct{}
}

func newImportProgress(w io.Writer, path string) *importProgress {
	name := filepath.Base(path)
	if path == "-" {
		name = "stdin"
	}
	return &importProgress{w: w, name: name, every: 100 * time.Millisecond, now: time.Now, pct: -1}
}

// readingLine is the line while reading: the file, the percent of its
// total bytes read (none when the size is unknown) and the rows.
func readingLine(name string, read, total int64, rows int) string {
	if total <= 0 {
		return fmt.Sprintf("%s  %s rows", name, textfmt.Count(int64(rows)))
	}
	pct := int(min(100, max(0, read*100/total)))
	return fmt.Sprintf("%s  %3d%% %s rows", name, pct, textfmt.Count(int64(rows)))
}

// writingLine is the line while the database writes.
func writingLine(name string, rows int, took time.Duration) string {
	return fmt.Sprintf("%s  writing %s rows to the database… %s", name, textfmt.Count(int64(rows)), took.Truncate(time.Second))
}

// reading is ingest.Options.Progress: it draws the reading line, at most
// once per p.every unless the percent reaches 100.
func (p *importProgress) reading(read, total int64, rows int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.writing {
		return
	}
	now := p.now()
	pct := -1
	if total > 0 {
		pct = int(read * 100 / total)
	}
	if now.Sub(p.drawn) < p.every && pct < 100 || pct == 100 && p.pct == 100 {
		return
	}
	p.drawn, p.pct = now, pct
	p.draw(readingLine(p.name, read, total, rows))
}

// writingRows is importer.Run's writing: it draws the writing line with the
// elapsed time, once a second, until the returned function is called.
func (p *importProgress) writingRows(rows int) func() {
	p.mu.Lock()
	p.writing = true
	p.stop, p.stopped = make(chan struct{}), make(chan struct{})
	start := p.now()
	p.draw(writingLine(p.name, rows, 0))
	p.mu.Unlock()
	go func() {
		defer close(p.stopped)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.mu.Lock()
				p.draw(writingLine(p.name, rows, p.now().Sub(start)))
				p.mu.Unlock()
			}
		}
	}()
	return func() {
		close(p.stop)
		<-p.stopped
	}
}

// done clears the line.
func (p *importProgress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\x1b[K")
}

// draw writes line over the last one. p.mu is held.
func (p *importProgress) draw(line string) {
	fmt.Fprint(p.w, "\r\x1b[K"+line)
}
