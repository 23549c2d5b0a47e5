/*
 * viz_png.c - writes a visualizer surface (XRGB8888) as an 8-bit RGB PNG with libpng.
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>

#include "viz_internal.h"

static int write_rows(png_structp png, png_infop info, SDL_Surface *s, FILE *f)
{
	uint8_t *row = malloc((size_t)s->w * 3);
	if (!row)
		return -1;
	if (setjmp(png_jmpbuf(png))) {
		free(row);
		return -1;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)s->w, (png_uint_32)s->h, 8, PNG_COLOR_TYPE_RGB,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	/* Frames are many: fast compression; flat colours compress well without row filters. */
	png_set_compression_level(png, 3);
	png_set_filter(png, 0, PNG_FILTER_NONE);
	png_write_info(png, info);
	for (int y = 0; y < s->h; y++) {
		for (int x = 0; x < s->w; x++) {
			uint32_t p = viz_get_pixel(s, x, y);
			row[3 * x] = (uint8_t)(p >> 16);
			row[3 * x + 1] = (uint8_t)(p >> 8);
			row[3 * x + 2] = (uint8_t)p;
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	free(row);
	return 0;
}

int viz_save_png(SDL_Surface *s, const char *path)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	int rc = info ? write_rows(png, info, s, f) : -1;
	png_destroy_write_struct(&png, info ? &info : NULL);
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}
