package slackfake

import (
	"bytes"
	"encoding/json"
	"regexp"
)

// eventTypeRE is what Slack accepts as a metadata event_type: letters,
// digits, underscores and hyphens.
var eventTypeRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// wireMetadata is a message's metadata parameter.
type wireMetadata struct {
	EventType    *string         `json:"event_type"`
	EventPayload json.RawMessage `json:"event_payload"`
}

// parseMetadata reads the metadata parameter of chat.postMessage or
// chat.update, as Slack does: absent is nil; text that is not a JSON
// object is the error invalid_metadata_format; an object without a valid
// event_type (letters, digits, _ and -) or without an event_payload object
// is accepted with the warning invalid_metadata_schema and the metadata
// dropped, so the message carries none.
func parseMetadata(r *apiRequest) (meta json.RawMessage, warning string, e *apiError) {
	if !r.has("metadata") {
		return nil, "", nil
	}
	raw := []byte(r.get("metadata"))
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil || fields == nil {
		return nil, "", errCode("invalid_metadata_format")
	}
	var m wireMetadata
	_ = json.Unmarshal(raw, &m)
	var payload map[string]json.RawMessage
	if m.EventType == nil || !eventTypeRE.MatchString(*m.EventType) ||
		json.Unmarshal(m.EventPayload, &payload) != nil || payload == nil {
		return nil, "invalid_metadata_schema", nil
	}
	var buf bytes.Buffer
	_ = json.Compact(&buf, raw) // valid: it unmarshalled
	return buf.Bytes(), "", nil
}

// withWarning adds Slack's warning fields to an ok answer.
func withWarning(res apiResult, warning string) apiResult {
	if warning != "" {
		res["warning"] = warning
		res["response_metadata"] = map[string]any{"warnings": []string{warning}}
	}
	return res
}
