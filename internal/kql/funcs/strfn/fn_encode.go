package strfn

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Encoding, hashing and formatting functions.

func init() {
	register("url_encode", 1, 1, funcs.NameColumn, simple("url_encode", table.String, evalURLEncode, pString))
	register("url_encode_component", 1, 1, funcs.NameColumn, simple("url_encode_component", table.String, evalURLEncodeComponent, pString))
	register("url_decode", 1, 1, funcs.NameColumn, simple("url_decode", table.String, evalURLDecode, pString))
	register("base64_encode_tostring", 1, 1, funcs.NameColumn, simple("base64_encode_tostring", table.String, evalB64Encode, pString), "base64_encodestring")
	register("base64_decode_tostring", 1, 1, funcs.NameColumn, simple("base64_decode_tostring", table.String, evalB64DecodeString, pString), "base64_decodestring")
	register("base64_decode_toarray", 1, 1, funcs.NameColumn, simple("base64_decode_toarray", table.Dynamic, evalB64DecodeArray, pString))
	register("base64_encode_fromarray", 1, 1, funcs.NameColumn, simple("base64_encode_fromarray", table.String, evalB64EncodeArray, pDynamic))
	register("base64_decode_toguid", 1, 1, funcs.NameColumn, simple("base64_decode_toguid", table.Guid, evalB64DecodeGuid, pString))
	register("base64_encode_fromguid", 1, 1, funcs.NameColumn, simple("base64_encode_fromguid", table.String, evalB64EncodeGuid, pScalar))
	register("zlib_compress_to_base64_string", 1, 1, funcs.NameColumn, simple("zlib_compress_to_base64_string", table.String, evalZlibCompress, pString))
	register("zlib_decompress_from_base64_string", 1, 1, funcs.NameColumn, simple("zlib_decompress_from_base64_string", table.String, evalZlibDecompress, pString))
	register("gzip_compress_to_base64_string", 1, 1, funcs.NameColumn, simple("gzip_compress_to_base64_string", table.String, evalGzipCompress, pString))
	register("gzip_decompress_from_base64_string", 1, 1, funcs.NameColumn, simple("gzip_decompress_from_base64_string", table.String, evalGzipDecompress, pString))

	register("hash", 1, 2, funcs.NameColumn, simple("hash", table.Long, evalHash, pNotDynamic, pInteger))
	register("hash_xxhash64", 1, 2, funcs.NameColumn, simple("hash_xxhash64", table.Long, evalHash, pNotDynamic, pInteger))
	register("hash_sha256", 1, 1, funcs.NameColumn, simple("hash_sha256", table.String, evalSHA256, pNotDynamic))
	register("hash_sha1", 1, 1, funcs.NameColumn, simple("hash_sha1", table.String, evalSHA1, pNotDynamic))
	register("hash_md5", 1, 1, funcs.NameColumn, simple("hash_md5", table.String, evalMD5, pNotDynamic))
	register("hash_combine", 2, -1, funcs.NameColumn, simple("hash_combine", table.Long, evalHashCombine, pInteger))
	register("hash_many", 1, -1, funcs.NameColumn, simple("hash_many", table.Long, evalHashMany, pNotDynamic))

	register("new_guid", 0, 0, funcs.NameColumn, simple("new_guid", table.Guid, evalNewGuid, pScalar))
	register("tohex", 1, 2, funcs.NameFirstArg, simple("tohex", table.String, evalToHex, pInteger))
	register("format_bytes", 1, 4, funcs.NameColumn, simple("format_bytes", table.String, evalFormatBytes, pNumber, pInteger, pString, pInteger))
}

const lowerHex = "0123456789abcdef"

// urlSafe: the characters .NET's HttpUtility.UrlEncode leaves alone, which
// is what Kusto's url_encode output shows (lower-case hex, %3a for ':').
func urlSafe(c byte) bool {
	return isAlnumTab[c] || c == '-' || c == '_' || c == '.' || c == '!' || c == '*' || c == '(' || c == ')'
}

func urlEncode(s string, space string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case urlSafe(c):
			b.WriteByte(c)
		case c == ' ':
			b.WriteString(space)
		default:
			b.WriteByte('%')
			b.WriteByte(lowerHex[c>>4])
			b.WriteByte(lowerHex[c&15])
		}
	}
	return b.String()
}

// url_encode encodes spaces as '+' (application/x-www-form-urlencoded).
func evalURLEncode(args []table.Value) table.Value { return strV(urlEncode(str(args[0]), "+")) }

// url_encode_component encodes spaces as %20.
func evalURLEncodeComponent(args []table.Value) table.Value {
	return strV(urlEncode(str(args[0]), "%20"))
}

// url_decode decodes %XX and %uXXXX escapes and '+' (as a space); malformed
// escapes are kept as they are. Invalid UTF-8 in the result becomes U+FFFD.
func evalURLDecode(args []table.Value) table.Value { return strV(urlDecode(str(args[0]), true)) }

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func urlDecode(s string, plus bool) string {
	if strings.IndexByte(s, '%') < 0 && (!plus || strings.IndexByte(s, '+') < 0) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+' && plus:
			b = append(b, ' ')
		case c == '%' && i+5 < len(s) && (s[i+1] == 'u' || s[i+1] == 'U') &&
			unhex(s[i+2]) >= 0 && unhex(s[i+3]) >= 0 && unhex(s[i+4]) >= 0 && unhex(s[i+5]) >= 0:
			r := rune(unhex(s[i+2])<<12 | unhex(s[i+3])<<8 | unhex(s[i+4])<<4 | unhex(s[i+5]))
			b = utf8.AppendRune(b, r)
			i += 5
		case c == '%' && i+2 < len(s) && unhex(s[i+1]) >= 0 && unhex(s[i+2]) >= 0:
			b = append(b, byte(unhex(s[i+1])<<4|unhex(s[i+2])))
			i += 2
		default:
			b = append(b, c)
		}
	}
	if !utf8.Valid(b) {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(b)
}

func evalB64Encode(args []table.Value) table.Value {
	return strV(base64.StdEncoding.EncodeToString([]byte(str(args[0]))))
}

// decodeB64 is strict standard base64 with padding (as .NET's
// Convert.FromBase64String); surrounding whitespace is ignored.
func decodeB64(s string) ([]byte, bool) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	return b, err == nil
}

// base64_decode_tostring: "" when the input is not base64 or does not
// decode to valid UTF-8.
func evalB64DecodeString(args []table.Value) table.Value {
	b, ok := decodeB64(str(args[0]))
	if !ok || !utf8.Valid(b) {
		return strV("")
	}
	return strV(string(b))
}

// base64_decode_toarray: the bytes as longs; invalid input gives [].
func evalB64DecodeArray(args []table.Value) table.Value {
	b, ok := decodeB64(str(args[0]))
	if !ok {
		return table.NewArray(nil)
	}
	out := make([]table.Value, len(b))
	for i, c := range b {
		out[i] = longV(int64(c))
	}
	return table.NewArray(out)
}

// base64_encode_fromarray: an array of byte values (0..255); anything else
// gives "".
func evalB64EncodeArray(args []table.Value) table.Value {
	arr := args[0].Array()
	if len(arr) == 0 {
		return strV("")
	}
	b := make([]byte, len(arr))
	for i, e := range arr {
		n, ok := intOf(e)
		if !ok || n < 0 || n > 255 || e.K == table.KString {
			return strV("")
		}
		b[i] = byte(n)
	}
	return strV(base64.StdEncoding.EncodeToString(b))
}

// guidBytes converts canonical guid text to .NET's Guid.ToByteArray
// layout (first three groups little-endian).
func guidBytes(g string) ([]byte, bool) {
	c, ok := parseGuid(g)
	if !ok {
		return nil, false
	}
	raw, err := hex.DecodeString(strings.ReplaceAll(c, "-", ""))
	if err != nil {
		return nil, false
	}
	raw[0], raw[1], raw[2], raw[3] = raw[3], raw[2], raw[1], raw[0]
	raw[4], raw[5] = raw[5], raw[4]
	raw[6], raw[7] = raw[7], raw[6]
	return raw, true
}

func guidFromBytes(b []byte) string {
	raw := append([]byte(nil), b...)
	raw[0], raw[1], raw[2], raw[3] = raw[3], raw[2], raw[1], raw[0]
	raw[4], raw[5] = raw[5], raw[4]
	raw[6], raw[7] = raw[7], raw[6]
	h := hex.EncodeToString(raw)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func evalB64DecodeGuid(args []table.Value) table.Value {
	b, ok := decodeB64(str(args[0]))
	if !ok || len(b) != 16 {
		return table.Null
	}
	return table.NewGuid(guidFromBytes(b))
}

func evalB64EncodeGuid(args []table.Value) table.Value {
	b, ok := guidBytes(str(args[0]))
	if !ok {
		return strV("")
	}
	return strV(base64.StdEncoding.EncodeToString(b))
}

func evalZlibCompress(args []table.Value) table.Value {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	_, _ = w.Write([]byte(str(args[0])))
	_ = w.Close()
	return strV(base64.StdEncoding.EncodeToString(buf.Bytes()))
}

func evalGzipCompress(args []table.Value) table.Value {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write([]byte(str(args[0])))
	_ = w.Close()
	return strV(base64.StdEncoding.EncodeToString(buf.Bytes()))
}

// maxDecompressed bounds the output of the *_decompress_* functions.
const maxDecompressed = 64 << 20

func decompress(s string, open func(io.Reader) (io.ReadCloser, error)) table.Value {
	b, ok := decodeB64(s)
	if !ok {
		return strV("")
	}
	r, err := open(bytes.NewReader(b))
	if err != nil {
		return strV("")
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, maxDecompressed+1))
	if err != nil || len(out) > maxDecompressed || !utf8.Valid(out) {
		return strV("")
	}
	return strV(string(out))
}

func evalZlibDecompress(args []table.Value) table.Value {
	return decompress(str(args[0]), func(r io.Reader) (io.ReadCloser, error) { return zlib.NewReader(r) })
}

func evalGzipDecompress(args []table.Value) table.Value {
	return decompress(str(args[0]), func(r io.Reader) (io.ReadCloser, error) { return gzip.NewReader(r) })
}

// hashBytes is the byte image hash() digests: UTF-8 for strings, the
// 8-byte little-endian tick count for datetimes and timespans (matches the
// doc vector hash(datetime("2015-01-01")) = 1380966698541616202), 8-byte
// little-endian two's complement for long, 4 bytes for int, the IEEE bits
// for real and decimal, 1 byte for bool, and .NET's 16-byte layout for guid.
// Only the string and datetime images are confirmed by documented values.
func hashBytes(v table.Value, buf *[16]byte) ([]byte, bool) {
	switch v.K {
	case table.KString:
		return []byte(v.S), true
	case table.KLong, table.KDatetime, table.KTimespan:
		binary.LittleEndian.PutUint64(buf[:8], uint64(v.I))
		return buf[:8], true
	case table.KInt:
		binary.LittleEndian.PutUint32(buf[:4], uint32(v.I))
		return buf[:4], true
	case table.KReal, table.KDecimal:
		binary.LittleEndian.PutUint64(buf[:8], math.Float64bits(v.F))
		return buf[:8], true
	case table.KBool:
		buf[0] = byte(v.I)
		return buf[:1], true
	case table.KGuid:
		b, ok := guidBytes(v.S)
		if !ok {
			return []byte(v.S), true
		}
		return b, true
	case table.KArray, table.KBag:
		return []byte(v.String()), true
	}
	return nil, false
}

func hashValue(v table.Value) (uint64, bool) {
	var buf [16]byte
	b, ok := hashBytes(v, &buf)
	if !ok {
		return 0, false
	}
	return xxhash64(b, 0), true
}

// hash(source [, mod]): XXH64 of the value's byte image; with mod, the
// unsigned remainder. Null source or mod <= 0 gives null.
func evalHash(args []table.Value) table.Value {
	h, ok := hashValue(args[0])
	if !ok {
		return table.Null
	}
	if len(args) > 1 {
		m, ok := intOf(args[1])
		if !ok || m <= 0 {
			return table.Null
		}
		return longV(int64(h % uint64(m)))
	}
	return longV(int64(h))
}

// hexDigest is the lower-case hex digest of tostring(v); null gives "".
func hexDigest(v table.Value, sum func([]byte) []byte) table.Value {
	if v.IsNull() {
		return strV("")
	}
	return strV(hex.EncodeToString(sum([]byte(v.String()))))
}

func evalSHA256(args []table.Value) table.Value {
	return hexDigest(args[0], func(b []byte) []byte { s := sha256.Sum256(b); return s[:] })
}

func evalSHA1(args []table.Value) table.Value {
	return hexDigest(args[0], func(b []byte) []byte { s := sha1.Sum(b); return s[:] })
}

func evalMD5(args []table.Value) table.Value {
	return hexDigest(args[0], func(b []byte) []byte { s := md5.Sum(b); return s[:] })
}

// combineHashes folds hash values together (boost::hash_combine with the
// 64-bit golden-ratio constant). NOTE: this is not Kusto's algorithm, which
// is undocumented: Kusto gives hash_combine(753694413698530628,
// 1846988464401551951) = -1440138333540407281 and this gives another value.
// Results are consistent within reconwatch (which is all Kusto promises:
// "the algorithm may change"), not comparable with values stored by Kusto.
func combineHashes(hs []uint64) uint64 {
	var seed uint64
	for _, h := range hs {
		seed ^= h + 0x9e3779b97f4a7c15 + (seed << 6) + (seed >> 2)
	}
	return seed
}

// hash_combine(h1, h2, ...): null if any argument is null.
func evalHashCombine(args []table.Value) table.Value {
	hs := make([]uint64, len(args))
	for i, a := range args {
		n, ok := intOf(a)
		if !ok {
			return table.Null
		}
		hs[i] = uint64(n)
	}
	return longV(int64(combineHashes(hs)))
}

// hash_many(s1, ...) = hash_combine(hash(s1), ...); a null argument hashes
// as 0.
func evalHashMany(args []table.Value) table.Value {
	hs := make([]uint64, len(args))
	for i, a := range args {
		hs[i], _ = hashValue(a)
	}
	if len(hs) == 1 {
		return longV(int64(hs[0]))
	}
	return longV(int64(combineHashes(hs)))
}

// new_guid returns a random (version 4) guid.
func evalNewGuid(_ []table.Value) table.Value {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return table.NewGuid(h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32])
}

// tohex(value [, minLength]): lower-case two's complement hex, 32-bit for
// int values and 64-bit for long; zero-padded to minLength. Null → "".
func evalToHex(args []table.Value) table.Value {
	v := args[0]
	n, ok := intOf(v)
	if !ok {
		return strV("")
	}
	var s string
	if v.K == table.KInt {
		s = strconv.FormatUint(uint64(uint32(n)), 16)
	} else {
		s = strconv.FormatUint(uint64(n), 16)
	}
	if len(args) > 1 {
		if w, ok := intOf(args[1]); ok && w > int64(len(s)) && w <= 1024 {
			s = strings.Repeat("0", int(w)-len(s)) + s
		}
	}
	return strV(s)
}

var byteUnits = []string{"Bytes", "KB", "MB", "GB", "TB", "PB", "EB"}

// format_bytes(size [, precision [, units [, base]]]): "564 Bytes",
// "10.1 KB" (format_bytes(10332, 1)), "19 MB" (format_bytes(20010332)).
// base is 2 (1 KB = 1024 bytes, the default) or 10; units forces a unit.
func evalFormatBytes(args []table.Value) table.Value {
	size, ok := args[0].AsFloat()
	if !ok {
		if n, ok2 := intOf(args[0]); ok2 {
			size, ok = float64(n), true
		}
	}
	if !ok {
		return strV("")
	}
	prec := int64(0)
	if len(args) > 1 && !args[1].IsNull() {
		if prec, ok = intOf(args[1]); !ok || prec < 0 {
			prec = 0
		}
		prec = min(prec, 15)
	}
	base := 1024.0
	if len(args) > 3 && !args[3].IsNull() {
		if b, ok := intOf(args[3]); ok && b == 10 {
			base = 1000
		}
	}
	unit := -1
	if len(args) > 2 {
		u := strings.ToLower(strings.TrimSpace(str(args[2])))
		for i, name := range byteUnits {
			if u != "" && (u == strings.ToLower(name) || (i == 0 && (u == "b" || u == "byte"))) {
				unit = i
			}
		}
	}
	if unit < 0 {
		unit = 0
		for a := math.Abs(size); a >= base && unit < len(byteUnits)-1; a /= base {
			unit++
		}
	}
	v := size / math.Pow(base, float64(unit))
	return strV(strconv.FormatFloat(v, 'f', int(prec), 64) + " " + byteUnits[unit])
}
