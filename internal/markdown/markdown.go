// Package markdown renders what people write in the portal's spaces:
// Markdown (CommonMark with GitHub's tables, strikethrough, task lists and
// autolinks) to HTML that is safe to put into a page.
//
// goldmark renders without raw HTML (it writes "raw HTML omitted" and
// blanks dangerous link targets), and bluemonday's policy for user content
// then sanitises the final HTML: no script, no event handler, no
// javascript:, vbscript: or data: URL, links rel="nofollow noopener" and
// opened in a new tab when they leave the site. Nothing is done to the
// HTML after it is sanitised.
package markdown

import (
	"bytes"
	"html/template"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	md     = goldmark.New(goldmark.WithExtensions(extension.GFM))
	policy = sync.OnceValue(func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true) // and rel="noopener"
		return p
	})
)

// HTML renders src and sanitises the result.
func HTML(src string) (template.HTML, error) {
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		return "", err
	}
	return template.HTML(policy().SanitizeBytes(b.Bytes())), nil
}
