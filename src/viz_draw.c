/*
 * viz_draw.c - pixels for the visualizer: rectangles, lines and a built-in 3x5 font, drawn into
 * an XRGB8888 software surface (no SDL_ttf, no font files: the PNG renderer needs nothing but
 * the program).
 */
#include <stdarg.h>
#include <stdio.h>

#include "viz_internal.h"

void viz_fill(SDL_Surface *s, int x, int y, int w, int h, uint32_t rgb)
{
	SDL_Rect r = {x, y, w, h};
	SDL_FillRect(s, &r, rgb);
}

void viz_frame_rect(SDL_Surface *s, int x, int y, int w, int h, uint32_t rgb)
{
	viz_fill(s, x, y, w, 1, rgb);
	viz_fill(s, x, y + h - 1, w, 1, rgb);
	viz_fill(s, x, y, 1, h, rgb);
	viz_fill(s, x + w - 1, y, 1, h, rgb);
}

static void put_pixel(SDL_Surface *s, int x, int y, uint32_t rgb)
{
	if (x < 0 || y < 0 || x >= s->w || y >= s->h)
		return;
	uint32_t *row = (uint32_t *)(void *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
	row[x] = rgb;
}

uint32_t viz_get_pixel(SDL_Surface *s, int x, int y)
{
	if (x < 0 || y < 0 || x >= s->w || y >= s->h)
		return 0;
	const uint32_t *row = (const uint32_t *)(const void *)((const uint8_t *)s->pixels +
	                                                       (size_t)y * (size_t)s->pitch);
	return row[x] & 0xffffffu;
}

/* Bresenham's line, clipped pixel by pixel. */
void viz_line(SDL_Surface *s, int x0, int y0, int x1, int y1, uint32_t rgb)
{
	int dx = x1 > x0 ? x1 - x0 : x0 - x1, sx = x0 < x1 ? 1 : -1;
	int dy = y1 > y0 ? y0 - y1 : y1 - y0, sy = y0 < y1 ? 1 : -1;
	int e = dx + dy;
	for (;;) {
		put_pixel(s, x0, y0, rgb);
		if (x0 == x1 && y0 == y1)
			break;
		int e2 = 2 * e;
		if (e2 >= dy) {
			e += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			e += dx;
			y0 += sy;
		}
	}
}

uint32_t viz_scale_rgb(uint32_t rgb, float k)
{
	if (k < 0)
		k = 0;
	if (k > 1)
		k = 1;
	uint32_t r = (uint32_t)((float)((rgb >> 16) & 0xff) * k);
	uint32_t g = (uint32_t)((float)((rgb >> 8) & 0xff) * k);
	uint32_t b = (uint32_t)((float)(rgb & 0xff) * k);
	return r << 16 | g << 8 | b;
}

/* Glyphs: five rows of three pixels, one octal digit per row, 4 = left pixel.  Lower-case
 * letters are drawn as capitals. */
struct glyph {
	char c;
	const char rows[6];
};
static const struct glyph font[] = {
    {'0', "75557"}, {'1', "26227"},  {'2', "71747"}, {'3', "71317"}, {'4', "55711"}, {'5', "74717"},
    {'6', "74757"}, {'7', "71122"},  {'8', "75757"}, {'9', "75717"}, {'A', "25755"}, {'B', "65656"},
    {'C', "34443"}, {'D', "65556"},  {'E', "74647"}, {'F', "74644"}, {'G', "34553"}, {'H', "55755"},
    {'I', "72227"}, {'J', "11152"},  {'K', "55655"}, {'L', "44447"}, {'M', "57755"}, {'N', "65555"},
    {'O', "25552"}, {'P', "65644"},  {'Q', "25563"}, {'R', "65655"}, {'S', "34216"}, {'T', "72222"},
    {'U', "55557"}, {'V', "55552"},  {'W', "55775"}, {'X', "55255"}, {'Y', "55222"}, {'Z', "71247"},
    {'.', "00002"}, {',', "00024"},  {':', "02020"}, {'/', "11244"}, {'-', "00700"}, {'+', "02720"},
    {'%', "51245"}, {'(', "24442"},  {')', "42224"}, {'=', "07070"}, {'_', "00007"}, {'[', "64446"},
    {']', "31113"}, {'>', "42124"},  {'<', "12421"}, {'#', "57575"}, {'*', "05250"}, {'?', "71202"},
    {'!', "22202"}, {'\'', "22000"}, {'|', "22222"},
};

static const char *glyph_rows(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	for (size_t i = 0; i < sizeof font / sizeof font[0]; i++)
		if (font[i].c == c)
			return font[i].rows;
	return NULL; /* space and anything unknown: blank */
}

int viz_text(SDL_Surface *s, int x, int y, int scale, uint32_t rgb, const char *text)
{
	for (; *text; text++) {
		const char *rows = glyph_rows(*text);
		for (int r = 0; rows && r < 5; r++) {
			int bits = rows[r] - '0';
			for (int c = 0; c < 3; c++)
				if (bits & (4 >> c))
					viz_fill(s, x + c * scale, y + r * scale, scale, scale,
					         rgb);
		}
		x += 4 * scale;
	}
	return x;
}

int viz_printf(SDL_Surface *s, int x, int y, int scale, uint32_t rgb, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return viz_text(s, x, y, scale, rgb, buf);
}
