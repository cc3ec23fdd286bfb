package otelagentops

import (
	"unicode/utf8"
)

// truncatedMark ends a message text that was cut to fit the attribute value
// length limit.
const truncatedMark = "…[truncated]"

// fitMessages appends to buf the messages' JSON (as appendMessages builds
// it) cut to at most c.limit bytes, and so characters, and still valid JSON. OTel's own length limit would cut the JSON anywhere, leaving
// a document no reader can parse; here the longest texts are shortened
// instead, each at a rune boundary and marked with truncatedMark, until the
// whole fits. When even empty texts do not fit (huge tool-call arguments),
// the value is an empty list.
//
// The redactor is applied again: this runs only for messages larger than
// the limit, and redactors are expected to be pure functions of their text.
func (c content) fitMessages(buf []byte, kind ContentKind, msgs []Message) []byte {
	texts := make([]string, len(msgs))
	for i, m := range msgs {
		texts[i] = c.text(kind, m.Content)
	}
	return c.fitTexts(buf, texts, func(buf []byte, texts []string) []byte {
		return c.appendMessagesJSON(buf, kind, msgs, texts)
	})
}

// fitTexts appends to buf the JSON encode makes of texts, cutting the
// longest text until it takes at most c.limit bytes; "[]" when even empty
// texts do not fit. texts is changed.
func (c content) fitTexts(buf []byte, texts []string, encode func(buf []byte, texts []string) []byte) []byte {
	start := len(buf)
	var scratch []byte
	// Each round either makes the JSON fit (the longest text is cut by
	// exactly the excess) or empties one text.
	for range len(texts) + 1 {
		buf = encode(buf[:start], texts)
		excess := len(buf) - start - c.limit
		if excess <= 0 {
			return buf
		}
		longest := 0
		for i := range texts {
			if len(texts[i]) > len(texts[longest]) {
				longest = i
			}
		}
		t := texts[longest]
		if t == "" {
			break
		}
		scratch = appendJSONString(scratch[:0], t)
		budget := len(scratch) - 2 - excess - len(truncatedMark) // the escaped bytes the cut text may take
		if budget <= 0 {
			texts[longest] = ""
			continue
		}
		texts[longest] = cutToFit(t, budget, scratch) + truncatedMark
	}
	return append(buf[:start], "[]"...)
}

// cutToFit returns the longest prefix of t, cut at a rune boundary, whose
// JSON-escaped form takes at most budget bytes (quotes excluded). It
// searches by halving, escaping into scratch: escaping never shortens a
// text, so the prefix has at most budget bytes.
func cutToFit(t string, budget int, scratch []byte) string {
	lo, hi := 0, min(len(t), budget)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		scratch = appendJSONString(scratch[:0], cutAtRune(t, mid))
		if len(scratch)-2 <= budget {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return cutAtRune(t, lo)
}

// appendMessagesJSON appends msgs, with texts as their contents, as an OTel
// GenAI message list.
func (c content) appendMessagesJSON(buf []byte, kind ContentKind, msgs []Message, texts []string) []byte {
	buf = append(buf, '[')
	for i, m := range msgs {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = c.appendOTelMessage(buf, kind, m, texts[i])
	}
	return append(buf, ']')
}

// cutAtRune returns the longest prefix of s of at most n bytes that does
// not split a UTF-8 sequence.
func cutAtRune(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
