/*
 * gdb_stub.c - the gdb remote serial protocol stub (--gdb PORT), listening on 127.0.0.1 only.
 *
 * Packets (gdb manual, "Remote Protocol"; QEMU's gdbstub as the reference for the set):
 * ? g G p P m M c s Z0-Z4 z0-z4 k D H T qSupported qAttached qC qfThreadInfo qsThreadInfo
 * qXfer:features:read (an i386 target description) qRcmd (`monitor`: the debugger's commands)
 * QStartNoAckMode, and the 0x03 byte (Ctrl-C).  Breakpoints do not patch guest memory
 * (debug.c), so stops report the breakpoint's own address (swbreak/hwbreak stop reasons).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "debug_internal.h"

#define PACKET_MAX 16384

struct gdb_stub {
	struct debugger *d;
	int fd;
	int no_ack;
	int pending_intr; /* a 0x03 seen while reading packets */
	int announced;    /* the first stop was reported (gdb asks for it with `?`) */
	char in[PACKET_MAX + 1];
	char out[PACKET_MAX + 1];
};

/* The i386 core registers in gdb's order: eax ecx edx ebx esp ebp esi edi eip eflags cs ss ds
 * es fs gs, then the x87 (gdb/features/i386/32bit-core.xml). */
static const char target_xml[] = "<?xml version=\"1.0\"?>"
				 "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
				 "<target version=\"1.0\"><architecture>i386</architecture>"
				 "<feature name=\"org.gnu.gdb.i386.core\">"
				 "<reg name=\"eax\" bitsize=\"32\" type=\"int32\" regnum=\"0\"/>"
				 "<reg name=\"ecx\" bitsize=\"32\" type=\"int32\"/>"
				 "<reg name=\"edx\" bitsize=\"32\" type=\"int32\"/>"
				 "<reg name=\"ebx\" bitsize=\"32\" type=\"int32\"/>"
				 "<reg name=\"esp\" bitsize=\"32\" type=\"data_ptr\"/>"
				 "<reg name=\"ebp\" bitsize=\"32\" type=\"data_ptr\"/>"
				 "<reg name=\"esi\" bitsize=\"32\" type=\"int32\"/>"
				 "<reg name=\"edi\" bitsize=\"32\" type=\"int32\"/>"
				 "<reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\"/>"
				 "<reg name=\"eflags\" bitsize=\"32\" type=\"int32\"/>"
				 "<reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>"
				 "<reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>"
				 "<reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>"
				 "<reg name=\"es\" bitsize=\"32\" type=\"int32\"/>"
				 "<reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>"
				 "<reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>"
				 "<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>"
				 "<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\"/>"
				 "<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\"/>"
				 "<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\"/>"
				 "<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\"/>"
				 "<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\"/>"
				 "<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\"/>"
				 "<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>"
				 "<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
				 "<reg name=\"fstat\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
				 "<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
				 "<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
				 "<reg name=\"fioff\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
				 "<reg name=\"foseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
				 "<reg name=\"fooff\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
				 "<reg name=\"fop\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
				 "</feature></target>";

#define NREGS 32

/* ---- transport ---- */

static int put_raw(struct gdb_stub *g, const char *s, size_t n)
{
	while (n) {
		ssize_t w = send(g->fd, s, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int get_byte(struct gdb_stub *g)
{
	unsigned char ch;
	for (;;) {
		ssize_t r = recv(g->fd, &ch, 1, 0);
		if (r == 1)
			return ch;
		if (r < 0 && errno == EINTR)
			continue;
		return -1;
	}
}

static int send_packet(struct gdb_stub *g, const char *data)
{
	size_t n = strlen(data);
	char *buf = malloc(n + 5);
	if (!buf)
		return -1;
	unsigned sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += (unsigned char)data[i];
	buf[0] = '$';
	memcpy(buf + 1, data, n);
	snprintf(buf + 1 + n, 4, "#%02x", sum & 0xffu);
	for (int tries = 0; tries < 5; tries++) {
		if (put_raw(g, buf, n + 4) != 0)
			break;
		if (g->no_ack) {
			free(buf);
			return 0;
		}
		int ch = get_byte(g);
		while (ch == 0x03) { /* Ctrl-C racing our reply */
			g->pending_intr = 1;
			ch = get_byte(g);
		}
		if (ch == '+') {
			free(buf);
			return 0;
		}
		if (ch < 0)
			break;
	}
	free(buf);
	return -1;
}

/* Read one packet into g->in.  Returns its length, or -1 when the connection is gone. */
static int recv_packet(struct gdb_stub *g)
{
	for (;;) {
		int ch = get_byte(g);
		if (ch < 0)
			return -1;
		if (ch == 0x03) {
			g->pending_intr = 1;
			continue;
		}
		if (ch != '$')
			continue;
		size_t n = 0;
		unsigned sum = 0;
		while ((ch = get_byte(g)) >= 0 && ch != '#') {
			if (n < PACKET_MAX)
				g->in[n++] = (char)ch;
			sum += (unsigned)ch;
		}
		int c1 = get_byte(g), c2 = get_byte(g);
		if (ch < 0 || c1 < 0 || c2 < 0)
			return -1;
		g->in[n] = '\0';
		char cs[3] = {(char)c1, (char)c2, 0};
		int ok = strtoul(cs, NULL, 16) == (sum & 0xffu);
		if (!g->no_ack && put_raw(g, ok ? "+" : "-", 1) != 0)
			return -1;
		if (ok)
			return (int)n;
	}
}

/* ---- encoding ---- */

static void hex_bytes(char *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static int unhex(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

static size_t unhex_bytes(uint8_t *out, const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && unhex(s[0]) >= 0 && unhex(s[1]) >= 0) {
		out[n++] = (uint8_t)(unhex(s[0]) << 4 | unhex(s[1]));
		s += 2;
	}
	return n;
}

/* ---- registers ---- */

/* Register n as gdb lays it out (little-endian bytes); returns its size. */
static unsigned get_reg(struct gdb_stub *g, unsigned n, uint8_t *buf)
{
	struct cpu *c = &g->d->mc->cpu;
	static const int seg_order[6] = {SEG_CS, SEG_SS, SEG_DS, SEG_ES, SEG_FS, SEG_GS};
	uint32_t v = 0;
	if (n < 8)
		v = c->r[n];
	else if (n == 8)
		v = c->eip;
	else if (n == 9)
		v = cpu_get_eflags(c);
	else if (n < 16)
		v = c->seg[seg_order[n - 10]].sel;
	else {
		/* fnsave image: FCW FSW FTW FIP FCS|FOP<<16 FOO FOS (4 bytes each), then ST0..ST7
		 * (SDM vol. 1, 8.1.10, figure 8-9). */
		uint8_t img[CPU_FPU_STATE_SIZE];
		cpu_fpu_save(c, img);
		if (n < 24) {
			memcpy(buf, img + 28 + (n - 16) * 10, 10);
			return 10;
		}
		uint32_t w[7];
		memcpy(w, img, sizeof w);
		switch (n) {
		case 24: v = w[0] & 0xffff; break;
		case 25: v = w[1] & 0xffff; break;
		case 26: v = w[2] & 0xffff; break;
		case 27: v = w[4] & 0xffff; break;
		case 28: v = w[3]; break;
		case 29: v = w[6] & 0xffff; break;
		case 30: v = w[5]; break;
		default: v = (w[4] >> 16) & 0x7ff; break;
		}
	}
	memcpy(buf, &v, 4);
	return 4;
}

static void set_reg(struct gdb_stub *g, unsigned n, const uint8_t *buf)
{
	struct cpu *c = &g->d->mc->cpu;
	uint32_t v;
	memcpy(&v, buf, 4);
	if (n < 8)
		c->r[n] = v;
	else if (n == 8)
		c->eip = v;
	else if (n == 9)
		cpu_set_eflags(c, v);
	/* segment and x87 registers are not writable from gdb */
}

static void reply_regs(struct gdb_stub *g)
{
	size_t at = 0;
	for (unsigned n = 0; n < NREGS; n++) {
		uint8_t buf[10];
		unsigned sz = get_reg(g, n, buf);
		hex_bytes(g->out + at, buf, sz);
		at += 2 * sz;
	}
}

static void write_regs(struct gdb_stub *g, const char *hex)
{
	for (unsigned n = 0; n < 10 && strlen(hex) >= 8; n++, hex += 8) {
		uint8_t buf[4];
		unhex_bytes(buf, hex, 4);
		set_reg(g, n, buf);
	}
}

/* ---- packets ---- */

static void reply_stop(struct gdb_stub *g)
{
	struct debugger *d = g->d;
	const struct dbg_bp *b = d->stop_bp;
	if (b && b->kind != BP_EXEC)
		snprintf(g->out, PACKET_MAX, "T%02x%s:%08" PRIx64 ";thread:01;", d->stop_signal,
		         b->kind == BP_WRITE  ? "watch"
		         : b->kind == BP_READ ? "rwatch"
		                              : "awatch",
		         b->addr);
	else if (b && b->from_gdb)
		snprintf(g->out, PACKET_MAX, "T%02x%s:;thread:01;", d->stop_signal,
		         b->from_gdb == 1 ? "swbreak" : "hwbreak");
	else
		snprintf(g->out, PACKET_MAX, "T%02xthread:01;",
		         d->stop_signal ? d->stop_signal : 5);
}

static void do_memory_read(struct gdb_stub *g, const char *args)
{
	char *end;
	uint32_t addr = (uint32_t)strtoul(args, &end, 16);
	size_t len = *end == ',' ? strtoul(end + 1, NULL, 16) : 0;
	if (len > (PACKET_MAX - 1) / 2)
		len = (PACKET_MAX - 1) / 2;
	uint8_t *buf = malloc(len ? len : 1);
	size_t got = 0;
	while (buf && got < len && dbg_read_lin(g->d->mc, addr + (uint32_t)got, buf + got, 1) == 0)
		got++;
	if (got == 0 && len)
		snprintf(g->out, PACKET_MAX, "E14"); /* EFAULT */
	else
		hex_bytes(g->out, buf, got);
	free(buf);
}

static void do_memory_write(struct gdb_stub *g, const char *args)
{
	char *end;
	uint32_t addr = (uint32_t)strtoul(args, &end, 16);
	size_t len = *end == ',' ? strtoul(end + 1, &end, 16) : 0;
	const char *colon = strchr(args, ':');
	uint8_t buf[PACKET_MAX / 2];
	if (!colon || len > sizeof buf || unhex_bytes(buf, colon + 1, len) != len ||
	    dbg_write_lin(g->d->mc, addr, buf, (uint32_t)len) != 0)
		snprintf(g->out, PACKET_MAX, "E14");
	else
		snprintf(g->out, PACKET_MAX, "OK");
}

/* Z/z TYPE,ADDR,KIND: 0 software and 1 hardware breakpoints, 2 write, 3 read, 4 access
 * watchpoints. */
static void do_breakpoint(struct gdb_stub *g, int insert)
{
	struct debugger *d = g->d;
	char *end;
	unsigned type = (unsigned)strtoul(g->in + 1, &end, 10);
	uint64_t addr = *end == ',' ? strtoull(end + 1, &end, 16) : 0;
	uint32_t len = *end == ',' ? (uint32_t)strtoul(end + 1, NULL, 16) : 1;
	if (type > 4) {
		g->out[0] = '\0'; /* not supported: the empty reply */
		return;
	}
	static const enum bp_kind kinds[5] = {BP_EXEC, BP_EXEC, BP_WRITE, BP_READ, BP_ACCESS};
	enum bp_kind kind = kinds[type];
	int from = type == 0 ? 1 : 2;
	if (insert) {
		int id = dbg_bp_add(d, kind, 0, addr, kind == BP_EXEC ? 1 : len, NULL);
		if (id > 0)
			d->bp[d->nbp - 1].from_gdb = from;
		snprintf(g->out, PACKET_MAX, id > 0 ? "OK" : "E28");
	} else {
		dbg_bp_del_addr(d, kind, addr, from);
		snprintf(g->out, PACKET_MAX, "OK");
	}
}

static void do_xfer(struct gdb_stub *g)
{
	const char *p = g->in + strlen("qXfer:features:read:");
	if (strncmp(p, "target.xml:", 11) != 0) {
		snprintf(g->out, PACKET_MAX, "E00");
		return;
	}
	char *end;
	size_t off = strtoul(p + 11, &end, 16);
	size_t len = *end == ',' ? strtoul(end + 1, NULL, 16) : 0;
	size_t total = sizeof target_xml - 1;
	if (off >= total) {
		snprintf(g->out, PACKET_MAX, "l");
		return;
	}
	if (len > PACKET_MAX - 2)
		len = PACKET_MAX - 2;
	size_t n = total - off < len ? total - off : len;
	g->out[0] = off + n < total ? 'm' : 'l';
	memcpy(g->out + 1, target_xml + off, n);
	g->out[1 + n] = '\0';
}

/* `monitor CMD`: run a debugger command; its text goes back as console output packets. */
static void do_monitor(struct gdb_stub *g)
{
	char cmd[1024];
	size_t n = unhex_bytes((uint8_t *)cmd, g->in + 6, sizeof cmd - 1);
	cmd[n] = '\0';
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (!out) {
		snprintf(g->out, PACKET_MAX, "E0c");
		return;
	}
	if (debug_command(g->d, cmd, out) != 0)
		fprintf(out, "(resuming commands are not available through monitor)\n");
	g->d->steps = 0;
	fclose(out);
	for (size_t at = 0; at < len; at += 4000) {
		size_t chunk = len - at < 4000 ? len - at : 4000;
		g->out[0] = 'O';
		hex_bytes(g->out + 1, (const uint8_t *)text + at, chunk);
		send_packet(g, g->out);
	}
	free(text);
	snprintf(g->out, PACKET_MAX, "OK");
}

static void do_query(struct gdb_stub *g)
{
	const char *q = g->in;
	if (strncmp(q, "qSupported", 10) == 0)
		snprintf(g->out, PACKET_MAX,
		         "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;"
		         "swbreak+;hwbreak+",
		         PACKET_MAX);
	else if (strncmp(q, "qXfer:features:read:", 20) == 0)
		do_xfer(g);
	else if (strncmp(q, "qRcmd,", 6) == 0)
		do_monitor(g);
	else if (strcmp(q, "qAttached") == 0)
		snprintf(g->out, PACKET_MAX, "1");
	else if (strcmp(q, "qC") == 0)
		snprintf(g->out, PACKET_MAX, "QC01");
	else if (strcmp(q, "qfThreadInfo") == 0)
		snprintf(g->out, PACKET_MAX, "m01");
	else if (strcmp(q, "qsThreadInfo") == 0)
		snprintf(g->out, PACKET_MAX, "l");
	else
		g->out[0] = '\0';
}

/* Serve one packet.  Returns 1 to resume, 0 to stay, -1 kill, -2 detach. */
static int handle(struct gdb_stub *g)
{
	struct debugger *d = g->d;
	char *p = g->in;
	snprintf(g->out, PACKET_MAX, "OK");
	switch (p[0]) {
	case '?': reply_stop(g); break;
	case 'g': reply_regs(g); break;
	case 'G': write_regs(g, p + 1); break;
	case 'p': {
		uint8_t buf[10];
		unsigned n = (unsigned)strtoul(p + 1, NULL, 16);
		if (n >= NREGS)
			snprintf(g->out, PACKET_MAX, "E00");
		else
			hex_bytes(g->out, buf, get_reg(g, n, buf));
		break;
	}
	case 'P': {
		char *end;
		unsigned n = (unsigned)strtoul(p + 1, &end, 16);
		uint8_t buf[4];
		if (*end == '=' && n < 10 && unhex_bytes(buf, end + 1, 4) == 4)
			set_reg(g, n, buf);
		break;
	}
	case 'm': do_memory_read(g, p + 1); break;
	case 'M': do_memory_write(g, p + 1); break;
	case 'c':
	case 's':
		if (p[1])
			d->mc->cpu.eip = (uint32_t)strtoul(p + 1, NULL, 16);
		d->steps = p[0] == 's';
		return 1;
	case 'Z': do_breakpoint(g, 1); break;
	case 'z': do_breakpoint(g, 0); break;
	case 'k': return -1;
	case 'D': send_packet(g, "OK"); return -2;
	case 'H':
	case 'T': break;
	case 'q': do_query(g); break;
	case 'Q':
		if (strcmp(p, "QStartNoAckMode") == 0) {
			send_packet(g, "OK");
			g->no_ack = 1;
			return 0;
		}
		g->out[0] = '\0';
		break;
	default: g->out[0] = '\0'; break; /* not supported: the empty reply */
	}
	return send_packet(g, g->out) == 0 ? 0 : -2;
}

/* Serve packets until gdb resumes, detaches or kills. */
static int serve(struct gdb_stub *g)
{
	for (;;) {
		if (recv_packet(g) < 0)
			return 0; /* gdb went away: behave as a detach */
		int r = handle(g);
		if (r == 1)
			return 1;
		if (r == -1)
			return -1;
		if (r == -2)
			return 0;
	}
}

struct gdb_stub *gdb_stub_new(struct debugger *d, int port, char *err, size_t errlen)
{
	struct gdb_stub *g = calloc(1, sizeof *g);
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	if (!g || ls < 0) {
		snprintf(err, errlen, "--gdb: %s", g ? strerror(errno) : "out of host memory");
		free(g);
		if (ls >= 0)
			close(ls);
		return NULL;
	}
	int one = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* 127.0.0.1 only */
	if (bind(ls, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(ls, 1) != 0) {
		snprintf(err, errlen, "--gdb: cannot listen on 127.0.0.1:%d: %s", port,
		         strerror(errno));
		close(ls);
		free(g);
		return NULL;
	}
	fprintf(stderr, "pse386: waiting for gdb on 127.0.0.1:%d\n", port);
	g->fd = accept(ls, NULL, NULL);
	close(ls);
	if (g->fd < 0) {
		snprintf(err, errlen, "--gdb: accept: %s", strerror(errno));
		free(g);
		return NULL;
	}
	g->d = d;
	return g;
}

void gdb_stub_free(struct gdb_stub *g)
{
	if (g->fd >= 0)
		close(g->fd);
	free(g);
}

int gdb_stub_stopped(struct gdb_stub *g)
{
	if (g->fd < 0)
		return 0;
	g->pending_intr = 0;
	/* The first stop is gdb's initial `?`: it asks, we do not announce. */
	if (g->announced) {
		reply_stop(g);
		if (send_packet(g, g->out) != 0)
			return 0;
	}
	g->announced = 1;
	int r = serve(g);
	if (r <= 0) {
		close(g->fd);
		g->fd = -1;
	}
	return r;
}

int gdb_stub_interrupted(struct gdb_stub *g)
{
	if (g->fd < 0)
		return 0;
	if (g->pending_intr) {
		g->pending_intr = 0;
		return 1;
	}
	struct pollfd pfd = {.fd = g->fd, .events = POLLIN};
	if (poll(&pfd, 1, 0) != 1)
		return 0;
	/* Only the interrupt byte is taken: a packet that arrived early stays for serve(). */
	unsigned char ch;
	ssize_t r = recv(g->fd, &ch, 1, MSG_DONTWAIT | MSG_PEEK);
	if (r == 1 && ch == 0x03) {
		recv(g->fd, &ch, 1, MSG_DONTWAIT);
		return 1;
	}
	if (r == 0) { /* gdb went away while the guest ran: as a detach */
		close(g->fd);
		g->fd = -1;
		g->d->detached = 1;
	}
	return 0;
}

void gdb_stub_exited(struct gdb_stub *g, int status)
{
	if (g->fd < 0)
		return;
	if (status >= 128)
		snprintf(g->out, PACKET_MAX, "X%02x", (status - 128) & 0xff);
	else
		snprintf(g->out, PACKET_MAX, "W%02x", status & 0xff);
	send_packet(g, g->out);
	close(g->fd);
	g->fd = -1;
}
