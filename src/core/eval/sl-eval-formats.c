/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The annotation files the evaluations read (formats in sl-eval-formats.h).
 * Each is outside input: read whole but bounded in size, refused when it
 * holds a NUL byte, and parsed without trusting a count or a nesting.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "base/sl-json.h"
#include "base/sl-text.h"
#include "sl-eval-formats.h"

/* The whole of a text file of at most SL_EVAL_MAX_FILE_BYTES. */
static char *
read_text (const char *path, gsize *len, GError **error)
{
  return sl_text_read_file (path, SL_EVAL_MAX_FILE_BYTES, len, error);
}

/* ---- Faces: dlib imglab XML -------------------------------------------- */

typedef struct
{
  SlImglab *lab;
  int depth;
} ImglabParse;

static void
imglab_start (GMarkupParseContext *ctx, const char *name, const char **attr_names,
              const char **attr_values, gpointer data, GError **error)
{
  ImglabParse *parse = data;
  SlImglab *lab = parse->lab;
  /* GMarkup keeps a stack of open elements: bound it as JSON is bounded. */
  if (++parse->depth > SL_JSON_MAX_DEPTH)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   _ ("elements nested more than %d deep"), SL_JSON_MAX_DEPTH);
      return;
    }
  if (g_str_equal (name, "image"))
    {
      const char *file = NULL;
      for (guint i = 0; attr_names[i] != NULL; i++)
        if (g_str_equal (attr_names[i], "file"))
          file = attr_values[i];
      if (file == NULL || strchr (file, '/') != NULL || g_str_has_prefix (file, ".."))
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       _ ("an image without a plain file name"));
          return;
        }
      g_ptr_array_add (lab->images, g_strdup (file));
      g_ptr_array_add (lab->boxes, g_array_new (FALSE, FALSE, sizeof (float[4])));
    }
  else if (g_str_equal (name, "box") && lab->boxes->len > 0)
    {
      float b[4] = { NAN, NAN, NAN, NAN };
      gboolean ignore = FALSE;
      for (guint i = 0; attr_names[i] != NULL; i++)
        {
          double v = g_ascii_strtod (attr_values[i], NULL);
          if (g_str_equal (attr_names[i], "left"))
            b[0] = v;
          else if (g_str_equal (attr_names[i], "top"))
            b[1] = v;
          else if (g_str_equal (attr_names[i], "width"))
            b[2] = v;
          else if (g_str_equal (attr_names[i], "height"))
            b[3] = v;
          else if (g_str_equal (attr_names[i], "ignore"))
            ignore = v != 0;
        }
      if (!(b[2] > 0 && b[3] > 0 && isfinite (b[0]) && isfinite (b[1])))
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       _ ("a box without a valid position and size"));
          return;
        }
      if (!ignore)
        g_array_append_val (lab->boxes->pdata[lab->boxes->len - 1], b);
    }
}

static void
imglab_end (GMarkupParseContext *ctx, const char *name, gpointer data, GError **error)
{
  ((ImglabParse *)data)->depth--;
}

static const GMarkupParser imglab_parser = { imglab_start, imglab_end, NULL, NULL, NULL };

gboolean
sl_eval_read_imglab (const char *path, SlImglab *lab, GError **error)
{
  gsize len;
  g_autofree char *text = read_text (path, &len, error);
  if (text == NULL)
    return FALSE;
  ImglabParse parse = { lab, 0 };
  g_autoptr (GMarkupParseContext) ctx
      = g_markup_parse_context_new (&imglab_parser, G_MARKUP_IGNORE_QUALIFIED, &parse, NULL);
  g_autoptr (GError) local = NULL;
  if (!g_markup_parse_context_parse (ctx, text, len, &local)
      || !g_markup_parse_context_end_parse (ctx, &local))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is not a face annotation file (dlib imglab XML): %s"), path,
                   local->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- Landmarks: iBUG .pts and menpo .ljson ------------------------------ */

gboolean
sl_eval_read_pts (const char *path, float *pts, GError **error)
{
  g_autofree char *text = read_text (path, NULL, error);
  if (text == NULL)
    return FALSE;
  char *p = strchr (text, '{');
  if (p != NULL)
    p++;
  for (int i = 0; p != NULL && i < SL_LANDMARK_POINTS * 2; i++)
    {
      char *end;
      double v = g_ascii_strtod (p, &end);
      if (end == p || !isfinite (v))
        p = NULL;
      else
        {
          pts[i] = (float)v - 1.0f; /* 1-based */
          p = end;
        }
    }
  if (p == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is not a 68-point iBUG .pts file"), path);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_eval_read_ljson (const char *path, float *pts, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (JsonNode) root = sl_json_load_file (path, &local);
  if (root == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, _ ("“%s” is not an LJSON file: %s"),
                   path, local->message);
      return FALSE;
    }
  JsonNode *node = root;
  const char *members[] = { "groups", "LJSON", "landmarks", "points" };
  for (guint i = 0; i < G_N_ELEMENTS (members) && node != NULL; i++)
    node = JSON_NODE_HOLDS_OBJECT (node)
               ? json_object_get_member (json_node_get_object (node), members[i])
               : NULL;
  JsonArray *points = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  if (points == NULL || json_array_get_length (points) != SL_LANDMARK_POINTS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is not a 68-point menpo LJSON file"), path);
      return FALSE;
    }
  for (int i = 0; i < SL_LANDMARK_POINTS; i++)
    {
      JsonNode *pn = json_array_get_element (points, i);
      JsonArray *pt = JSON_NODE_HOLDS_ARRAY (pn) ? json_node_get_array (pn) : NULL;
      if (pt == NULL || json_array_get_length (pt) != 2)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("“%s” is not a 68-point menpo LJSON file"), path);
          return FALSE;
        }
      pts[2 * i] = (float)json_array_get_double_element (pt, 1); /* [row, column] */
      pts[2 * i + 1] = (float)json_array_get_double_element (pt, 0);
    }
  return TRUE;
}
/* ---- Blinks: Eyeblink8 .tag -------------------------------------------- */

/* Reads an Eyeblink8 .tag file: header to "#start", then
 * "frameID:blinkID:…" lines to "#end". */
GArray *
sl_eval_read_tag (const char *path, GError **error)
{
  g_autofree char *text = read_text (path, NULL, error);
  if (text == NULL)
    return NULL;
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (SlTagRow));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean started = FALSE;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      if (!started)
        {
          started = g_str_has_prefix (line, "#start");
          continue;
        }
      if (g_str_has_prefix (line, "#end"))
        break;
      if (*line == '\0' || *line == '#')
        continue;
      g_auto (GStrv) f = g_strsplit (line, ":", 8);
      char *end1 = NULL, *end2 = NULL;
      SlTagRow r = { 0 };
      if (f[0] != NULL && f[1] != NULL)
        {
          r.id = g_ascii_strtoll (f[0], &end1, 10);
          r.blink = g_ascii_strtoll (f[1], &end2, 10);
        }
      if (f[0] != NULL && f[1] != NULL && g_strv_length (f) >= 6)
        r.closed = g_str_equal (f[3], "C") && g_str_equal (f[5], "C");
      if (f[0] == NULL || f[1] == NULL || end1 == f[0] || *end1 != '\0' || end2 == f[1]
          || *end2 != '\0' || r.id < 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("%s, line %u: expected “frameID:blinkID:…”, found “%.40s”"), path, i + 1,
                       line);
          return NULL;
        }
      g_array_append_val (rows, r);
    }
  if (!started || rows->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("%s is not a blink annotation: no “#start” line followed by frames"), path);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Reads "name,bpm" rows (a header and blank lines allowed) into @table. */
gboolean
sl_eval_read_reference (const char *path, GHashTable *table, GError **error)
{
  g_autofree char *text = read_text (path, NULL, error);
  if (text == NULL)
    return FALSE;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      if (g_str_has_prefix (line, "\xef\xbb\xbf"))
        line += 3; /* a byte-order mark */
      g_strstrip (line);
      if (*line == '\0')
        continue;
      g_auto (GStrv) f = g_strsplit (line, ",", 3);
      char *end = NULL;
      double bpm = f[0] && f[1] ? g_ascii_strtod (g_strstrip (f[1]), &end) : NAN;
      if (f[0] == NULL || f[1] == NULL || end == f[1] || *end != '\0' || !isfinite (bpm))
        {
          if (i == 0)
            continue; /* the header */
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("%s, line %u: expected “subject,bpm”, found “%.40s”"), path, i + 1, line);
          return FALSE;
        }
      if (bpm < 20 || bpm > 300)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("%s, line %u: %.1f bpm is not a human heart rate"), path, i + 1, bpm);
          return FALSE;
        }
      double *v = g_new (double, 1);
      *v = bpm;
      g_hash_table_replace (table, g_strdup (g_strstrip (f[0])), v);
    }
  return TRUE;
}
