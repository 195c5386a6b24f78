package githubfake

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// handleCreateBlob serves POST git/blobs ({"content", "encoding": "utf-8" |
// "base64"}).
func (s *Server) handleCreateBlob(w http.ResponseWriter, r *http.Request, rp *repo) {
	var in struct {
		Content  *string `json:"content"`
		Encoding string  `json:"encoding"`
	}
	if e := decodeJSON(r, &in); e != nil {
		s.writeAPIError(w, e)
		return
	}
	if in.Content == nil {
		s.writeAPIError(w, errUnprocessable("Invalid request.\n\n\"content\" wasn't supplied."))
		return
	}
	data, e := decodeContent(*in.Content, in.Encoding)
	if e != nil {
		s.writeAPIError(w, e)
		return
	}
	h, err := rp.writeBlob(data)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	s.writeJSON(w, r, http.StatusCreated, wireSHAURL{SHA: h.String(), URL: s.apiURL(rp, "git/blobs/"+h.String())})
}

func decodeContent(content, encoding string) ([]byte, *apiError) {
	switch encoding {
	case "", "utf-8", "utf8":
		return []byte(content), nil
	case "base64":
		clean := strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == ' ' {
				return -1
			}
			return r
		}, content)
		data, err := base64.StdEncoding.DecodeString(clean)
		if err != nil {
			return nil, errUnprocessable("Invalid base64 content")
		}
		return data, nil
	}
	return nil, errUnprocessable("Invalid request.\n\nencoding must be one of utf-8, base64.")
}

// encodeBase64 wraps base64 at 60 columns with a trailing newline, as
// GitHub does for blob and file content.
func encodeBase64(data []byte) string {
	enc := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(enc) > 60 {
		b.WriteString(enc[:60] + "\n")
		enc = enc[60:]
	}
	b.WriteString(enc + "\n")
	return b.String()
}

// handleGetBlob serves GET git/blobs/{sha}, as JSON or raw.
func (s *Server) handleGetBlob(w http.ResponseWriter, r *http.Request, rp *repo) {
	sha := r.PathValue("sha")
	data, err := rp.readBlob(hashOf(sha))
	if err != nil {
		s.writeAPIError(w, errNotFoundAPI())
		return
	}
	if wantsRaw(r) {
		s.writeBody(w, r, http.StatusOK, mediaTypeRaw, data)
		return
	}
	s.writeJSON(w, r, http.StatusOK, wireBlob{SHA: sha, NodeID: "B_fake" + sha[:12], Size: len(data),
		URL: s.apiURL(rp, "git/blobs/"+sha), Content: encodeBase64(data), Encoding: "base64"})
}

// handleGetGitCommit serves GET git/commits/{sha}.
func (s *Server) handleGetGitCommit(w http.ResponseWriter, r *http.Request, rp *repo) {
	c, err := rp.commitObject(hashOf(r.PathValue("sha")))
	if err != nil {
		s.writeAPIError(w, errNotFoundAPI())
		return
	}
	s.writeJSON(w, r, http.StatusOK, s.renderGitCommit(rp, c))
}

type signatureIn struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Date  string `json:"date"`
}

// handleCreateCommit serves POST git/commits.
func (s *Server) handleCreateCommit(w http.ResponseWriter, r *http.Request, rp *repo) {
	var in struct {
		Message   *string      `json:"message"`
		Tree      string       `json:"tree"`
		Parents   []string     `json:"parents"`
		Author    *signatureIn `json:"author"`
		Committer *signatureIn `json:"committer"`
	}
	if e := decodeJSON(r, &in); e != nil {
		s.writeAPIError(w, e)
		return
	}
	c, e := s.commitFromInput(rp, callerOf(r), in.Message, in.Tree, in.Parents, in.Author, in.Committer)
	if e != nil {
		s.writeAPIError(w, e)
		return
	}
	h, err := rp.store(c)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	c.Hash = h
	s.writeJSON(w, r, http.StatusCreated, s.renderGitCommit(rp, c))
}

func (s *Server) commitFromInput(rp *repo, c *caller, msg *string, tree string, parents []string, author, committer *signatureIn) (*object.Commit, *apiError) {
	if msg == nil {
		return nil, errUnprocessable("Invalid request.\n\n\"message\" wasn't supplied.")
	}
	if t, ok := rp.objectType(hashOf(tree)); !ok || t != plumbing.TreeObject {
		return nil, errUnprocessable("Tree SHA does not exist")
	}
	out := &object.Commit{Message: *msg, TreeHash: hashOf(tree)}
	for _, p := range parents {
		if t, ok := rp.objectType(hashOf(p)); !ok || t != plumbing.CommitObject {
			return nil, errUnprocessable("Parent SHA does not exist or is not a commit object")
		}
		out.ParentHashes = append(out.ParentHashes, hashOf(p))
	}
	var e *apiError
	if out.Author, e = s.sigFromInput(author, s.sig(c.login)); e != nil {
		return nil, e
	}
	if out.Committer, e = s.sigFromInput(committer, out.Author); e != nil {
		return nil, e
	}
	return out, nil
}

// sigFromInput turns a request's author/committer into a signature; absent
// parts come from def, an absent date is now.
func (s *Server) sigFromInput(in *signatureIn, def object.Signature) (object.Signature, *apiError) {
	if in == nil {
		return def, nil
	}
	out := object.Signature{Name: cmp.Or(in.Name, def.Name), Email: cmp.Or(in.Email, def.Email), When: s.now()}
	if in.Date != "" {
		t, err := time.Parse(time.RFC3339, in.Date)
		if err != nil {
			return out, errUnprocessable("Invalid request.\n\n" + in.Date + " is not a valid date-time.")
		}
		out.When = t
	}
	return out, nil
}

// hashOf parses a full SHA; anything else is the zero hash, which names no
// object, so looking it up answers not found.
func hashOf(sha string) plumbing.Hash {
	if !fullSHA.MatchString(sha) {
		return plumbing.ZeroHash
	}
	return plumbing.NewHash(sha)
}

func rawJSONIsNull(m json.RawMessage) bool { return strings.TrimSpace(string(m)) == "null" }
