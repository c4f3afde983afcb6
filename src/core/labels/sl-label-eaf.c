/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EAF is XML; GLib's GMarkup reads the part of XML that ELAN writes
 * (elements, attributes, text, entities), which is all an EAF file has.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "sl-label-eaf.h"
#include "sl-label-rows.h"

#define SOURCE_TYPE "sightline-source"
#define LABEL_TYPE "sightline-label"

typedef struct
{
  char *id, *annotator, *type;
} Tier;

typedef struct
{
  guint tier;
  gboolean ref; /* a REF_ANNOTATION: @slot1 is the annotation it refers to */
  char *id, *slot1, *slot2;
  GString *value;
  int line;
} Annotation;

typedef struct
{
  GHashTable *slots; /* id → the time in ms as a double (boxed), or NULL */
  GArray *tiers;     /* Tier */
  GArray *annotations;
  gboolean root_seen, in_value;
  Annotation *current;
} Reading;

static void
tier_clear (Tier *t)
{
  g_free (t->id);
  g_free (t->annotator);
  g_free (t->type);
}

static void
annotation_clear (Annotation *a)
{
  g_free (a->id);
  g_free (a->slot1);
  g_free (a->slot2);
  if (a->value != NULL)
    g_string_free (a->value, TRUE);
}

static int
line_of (GMarkupParseContext *ctx)
{
  int line, col;
  g_markup_parse_context_get_position (ctx, &line, &col);
  return line;
}

/* The value of attribute @name, or NULL. */
static const char *
attribute (const char **names, const char **values, const char *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return values[i];
  return NULL;
}

static gboolean
need (GMarkupParseContext *ctx, const char *element, const char *name, const char *value,
      GError **error)
{
  if (value != NULL)
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
               _ ("Line %d: a %s without its %s attribute."), line_of (ctx), element, name);
  return FALSE;
}

static void
on_start (GMarkupParseContext *ctx, const char *element, const char **names, const char **values,
          gpointer data, GError **error)
{
  Reading *r = data;
  if (!r->root_seen)
    {
      r->root_seen = TRUE;
      if (!g_str_equal (element, "ANNOTATION_DOCUMENT"))
        g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                     _ ("The file is XML but not ELAN's: it begins with <%s>, not "
                        "<ANNOTATION_DOCUMENT>."),
                     element);
      return;
    }
  if (g_str_equal (element, "HEADER"))
    {
      const char *units = attribute (names, values, "TIME_UNITS");
      if (units != NULL && !g_str_equal (units, "milliseconds"))
        g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                     _ ("Line %d: the file counts time in %s; Sightline reads EAF files in "
                        "milliseconds, as ELAN writes them."),
                     line_of (ctx), units);
    }
  else if (g_str_equal (element, "TIME_SLOT"))
    {
      const char *id = attribute (names, values, "TIME_SLOT_ID");
      const char *value = attribute (names, values, "TIME_VALUE");
      if (!need (ctx, element, "TIME_SLOT_ID", id, error))
        return;
      double ms = 0;
      if (value != NULL && (!sl_label_number (value, &ms) || ms < 0 || ms > 3.6e12))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %d: the time slot %s is at “%s”, which is not a time in "
                          "milliseconds."),
                       line_of (ctx), id, value);
          return;
        }
      g_hash_table_replace (r->slots, g_strdup (id),
                            value != NULL ? g_memdup2 (&ms, sizeof ms) : NULL);
    }
  else if (g_str_equal (element, "TIER"))
    {
      const char *id = attribute (names, values, "TIER_ID");
      if (!need (ctx, element, "TIER_ID", id, error))
        return;
      const char *who = attribute (names, values, "ANNOTATOR");
      const char *type = attribute (names, values, "LINGUISTIC_TYPE_REF");
      Tier t
          = { g_strdup (id), who != NULL && *who != '\0' ? g_strdup (who) : NULL, g_strdup (type) };
      g_array_append_val (r->tiers, t);
    }
  else if (g_str_equal (element, "ALIGNABLE_ANNOTATION") || g_str_equal (element, "REF_ANNOTATION"))
    {
      gboolean ref = g_str_equal (element, "REF_ANNOTATION");
      const char *id = attribute (names, values, "ANNOTATION_ID");
      const char *one = attribute (names, values, ref ? "ANNOTATION_REF" : "TIME_SLOT_REF1");
      const char *two = ref ? "" : attribute (names, values, "TIME_SLOT_REF2");
      if (r->tiers->len == 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %d: an annotation outside a tier."), line_of (ctx));
          return;
        }
      if (!need (ctx, element, "ANNOTATION_ID", id, error)
          || !need (ctx, element, ref ? "ANNOTATION_REF" : "TIME_SLOT_REF1", one, error)
          || !need (ctx, element, "TIME_SLOT_REF2", two, error))
        return;
      if (r->annotations->len >= SL_LABEL_MAX_ROWS)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("The file has more than %d annotations; split it."), SL_LABEL_MAX_ROWS);
          return;
        }
      Annotation a
          = { r->tiers->len - 1,   ref,          g_strdup (id), g_strdup (one), g_strdup (two),
              g_string_new (NULL), line_of (ctx) };
      g_array_append_val (r->annotations, a);
      r->current = &g_array_index (r->annotations, Annotation, r->annotations->len - 1);
    }
  else if (g_str_equal (element, "ANNOTATION_VALUE"))
    r->in_value = r->current != NULL;
}

static void
on_end (GMarkupParseContext *ctx, const char *element, gpointer data, GError **error)
{
  Reading *r = data;
  if (g_str_equal (element, "ANNOTATION_VALUE"))
    r->in_value = FALSE;
  else if (g_str_equal (element, "ALIGNABLE_ANNOTATION") || g_str_equal (element, "REF_ANNOTATION"))
    r->current = NULL;
}

static void
on_text (GMarkupParseContext *ctx, const char *text, gsize length, gpointer data, GError **error)
{
  Reading *r = data;
  if (r->in_value && r->current != NULL)
    g_string_append_len (r->current->value, text, length);
}

/* The time of slot @id of the annotation at @line; FALSE with an error
 * when there is none. */
static gboolean
slot_time (Reading *r, const char *id, int line, double *ms, GError **error)
{
  gpointer value;
  if (!g_hash_table_lookup_extended (r->slots, id, NULL, &value))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Line %d: the annotation refers to a time slot %s the file does not have."),
                   line, id);
      return FALSE;
    }
  if (value == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Line %d: the annotation ends at a time slot without a time (ELAN’s "
                      "unaligned annotations); align it in ELAN first."),
                   line);
      return FALSE;
    }
  *ms = *(double *)value;
  return TRUE;
}

/* The kind of tier @t: its id without its annotator's " (name)". */
static char *
tier_kind (const Tier *t)
{
  if (t->annotator != NULL)
    {
      g_autofree char *suffix = g_strdup_printf (" (%s)", t->annotator);
      if (g_str_has_suffix (t->id, suffix) && strlen (t->id) > strlen (suffix))
        return g_strndup (t->id, strlen (t->id) - strlen (suffix));
    }
  return g_strstrip (g_strdup (t->id));
}

static GPtrArray *
labels_of (Reading *r, double fps, const char *annotator, GError **error)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_free);
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < r->annotations->len; i++)
    {
      Annotation *a = &g_array_index (r->annotations, Annotation, i);
      if (a->ref)
        continue;
      const Tier *t = &g_array_index (r->tiers, Tier, a->tier);
      double from, to;
      if (!slot_time (r, a->slot1, a->line, &from, error)
          || !slot_time (r, a->slot2, a->line, &to, error))
        return NULL;
      if (to < from)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %d: the annotation %s ends (%.0f ms) before it begins (%.0f ms)."),
                       a->line, a->id, to, from);
          return NULL;
        }
      SlLabel *l = g_new0 (SlLabel, 1);
      g_ptr_array_add (labels, l);
      l->kind = tier_kind (t);
      l->annotator = g_strdup (t->annotator != NULL ? t->annotator : annotator);
      if (*l->kind == '\0' || l->annotator == NULL)
        {
          if (*l->kind == '\0')
            g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                         _ ("Line %d: a tier without a name holds annotations."), a->line);
          else
            g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                         _ ("The tier “%s” names no annotator: give the annotator of the file."),
                         t->id);
          return NULL;
        }
      sl_label_set_edges (l, from, to, fps);
      l->source = SL_LABEL_MANUAL;
      l->value = a->value->len > 0 ? g_strdup (a->value->str) : NULL;
      g_hash_table_insert (by_id, a->id, l);
    }
  /* How each label came to be, from Sightline's dependent tiers. */
  for (guint i = 0; i < r->annotations->len; i++)
    {
      Annotation *a = &g_array_index (r->annotations, Annotation, i);
      const Tier *t = &g_array_index (r->tiers, Tier, a->tier);
      if (!a->ref || g_strcmp0 (t->type, SOURCE_TYPE) != 0)
        continue;
      SlLabel *l = g_hash_table_lookup (by_id, a->slot1);
      if (l == NULL || !sl_label_provenance_parse (a->value->str, l))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %d: the source “%s” of annotation %s is not one Sightline "
                          "wrote (manual, accepted, adjusted or rejected, of an annotation of "
                          "the file)."),
                       a->line, a->value->str, a->slot1);
          return NULL;
        }
    }
  return g_steal_pointer (&labels);
}

GPtrArray *
sl_label_eaf_read (const char *text, gsize length, double fps, const char *annotator,
                   GError **error)
{
  g_return_val_if_fail (fps > 0, NULL);
  if (length > G_MAXSSIZE || !g_utf8_validate (text, length, NULL))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("The file is not text in UTF-8: this is not an EAF file."));
      return NULL;
    }
  Reading r = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
                g_array_new (FALSE, TRUE, sizeof (Tier)),
                g_array_new (FALSE, TRUE, sizeof (Annotation)),
                FALSE,
                FALSE,
                NULL };
  g_array_set_clear_func (r.tiers, (GDestroyNotify)tier_clear);
  g_array_set_clear_func (r.annotations, (GDestroyNotify)annotation_clear);
  static const GMarkupParser parser = { on_start, on_end, on_text, NULL, NULL };
  GMarkupParseContext *ctx
      = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &r, NULL);
  GError *bad = NULL;
  GPtrArray *labels = NULL;
  if (g_markup_parse_context_parse (ctx, text, (gssize)length, &bad)
      && g_markup_parse_context_end_parse (ctx, &bad))
    {
      if (!r.root_seen)
        g_set_error (&bad, SL_ERROR, SL_ERROR_INVALID_INPUT,
                     _ ("The file is empty: an EAF file is an <ANNOTATION_DOCUMENT>."));
      else
        labels = labels_of (&r, fps, annotator, &bad);
    }
  else if (bad->domain == G_MARKUP_ERROR)
    {
      /* GMarkup's messages name the line and the character. */
      GError *xml = bad;
      bad = g_error_new (SL_ERROR, SL_ERROR_INVALID_INPUT,
                         _ ("The file is not well-formed XML: %s"), xml->message);
      g_error_free (xml);
    }
  g_markup_parse_context_free (ctx);
  g_hash_table_unref (r.slots);
  g_array_unref (r.tiers);
  g_array_unref (r.annotations);
  if (labels == NULL)
    g_propagate_error (error, bad);
  return labels;
}

/* ---- Writing ------------------------------------------------------------- */

static void
put_attr (GString *out, const char *name, const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);
  g_string_append_printf (out, " %s=\"%s\"", name, escaped);
}

static const char *
mime_type (const char *path)
{
  static const char *const types[][2] = {
    { ".mp4", "video/mp4" },       { ".m4v", "video/mp4" },        { ".mov", "video/quicktime" },
    { ".avi", "video/x-msvideo" }, { ".mkv", "video/x-matroska" }, { ".webm", "video/webm" },
    { ".mpg", "video/mpeg" },      { ".mpeg", "video/mpeg" },
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_has_suffix (lower, types[i][0]))
      return types[i][1];
  return "video/*"; /* what ELAN writes for a video it does not know */
}

/* The labels of one tier: one annotator's of one kind. */
typedef struct
{
  const char *annotator, *kind;
  GPtrArray *labels; /* SlLabel, borrowed */
} TierOut;

static gint
by_tier (gconstpointer a, gconstpointer b)
{
  const SlLabel *x = *(SlLabel *const *)a, *y = *(SlLabel *const *)b;
  int c = g_strcmp0 (x->annotator, y->annotator);
  if (c == 0)
    c = g_strcmp0 (x->kind, y->kind);
  if (c == 0)
    c = (x->start_ms > y->start_ms) - (x->start_ms < y->start_ms);
  return c;
}

char *
sl_label_eaf_write (GPtrArray *labels, GPtrArray *kinds, const char *media_path, double fps,
                    GDateTime *date)
{
  g_autoptr (GPtrArray) sorted = g_ptr_array_copy (labels, NULL, NULL);
  g_ptr_array_set_free_func (sorted, NULL); /* the labels stay @labels' */
  g_ptr_array_sort (sorted, by_tier);
  g_autoptr (GArray) tiers = g_array_new (FALSE, TRUE, sizeof (TierOut));
  for (guint i = 0; i < sorted->len; i++)
    {
      SlLabel *l = sorted->pdata[i];
      TierOut *last = tiers->len > 0 ? &g_array_index (tiers, TierOut, tiers->len - 1) : NULL;
      if (last == NULL || g_strcmp0 (last->annotator, l->annotator) != 0
          || g_strcmp0 (last->kind, l->kind) != 0)
        {
          TierOut t = { l->annotator, l->kind, g_ptr_array_new () };
          g_array_append_val (tiers, t);
          last = &g_array_index (tiers, TierOut, tiers->len - 1);
        }
      g_ptr_array_add (last->labels, l);
    }

  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ANNOTATION_DOCUMENT");
  g_autofree char *when = g_date_time_format_iso8601 (date);
  put_attr (out, "AUTHOR", "Sightline");
  put_attr (out, "DATE", when);
  put_attr (out, "FORMAT", "3.0");
  put_attr (out, "VERSION", "3.0");
  put_attr (out, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  put_attr (out, "xsi:noNamespaceSchemaLocation", "http://www.mpi.nl/tools/elan/EAFv3.0.xsd");
  g_string_append (out, ">\n  <HEADER");
  put_attr (out, "MEDIA_FILE", "");
  put_attr (out, "TIME_UNITS", "milliseconds");
  g_string_append (out, ">\n    <MEDIA_DESCRIPTOR");
  g_autofree char *uri = g_filename_to_uri (media_path, NULL, NULL);
  g_autofree char *base = g_path_get_basename (media_path);
  g_autofree char *escaped_base = g_uri_escape_string (base, NULL, FALSE);
  g_autofree char *relative = g_strconcat ("./", escaped_base, NULL);
  put_attr (out, "MEDIA_URL", uri != NULL ? uri : escaped_base);
  put_attr (out, "MIME_TYPE", mime_type (media_path));
  put_attr (out, "RELATIVE_MEDIA_URL", relative);
  g_string_append_printf (out,
                          "/>\n    <PROPERTY NAME=\"lastUsedAnnotationId\">%u</PROPERTY>\n"
                          "  </HEADER>\n  <TIME_ORDER>\n",
                          2 * labels->len);
  /* Two slots per label, in the order of the tiers. */
  guint slot = 0;
  for (guint t = 0; t < tiers->len; t++)
    {
      TierOut *tier = &g_array_index (tiers, TierOut, t);
      gboolean point = sl_label_kind_is_point (kinds, tier->kind);
      for (guint i = 0; i < tier->labels->len; i++)
        {
          const SlLabel *l = tier->labels->pdata[i];
          double edges[2] = { l->start_ms, sl_label_end_edge (l, point, fps) };
          for (guint e = 0; e < 2; e++)
            g_string_append_printf (out,
                                    "    <TIME_SLOT TIME_SLOT_ID=\"ts%u\" TIME_VALUE=\"%.0f\"/>\n",
                                    ++slot, round (edges[e]));
        }
    }
  g_string_append (out, "  </TIME_ORDER>\n");
  gboolean any_source = FALSE;
  guint annotation = 0;
  slot = 0;
  for (guint t = 0; t < tiers->len; t++)
    {
      TierOut *tier = &g_array_index (tiers, TierOut, t);
      g_autofree char *id = g_strdup_printf ("%s (%s)", tier->kind, tier->annotator);
      g_string_append (out, "  <TIER");
      put_attr (out, "LINGUISTIC_TYPE_REF", LABEL_TYPE);
      put_attr (out, "TIER_ID", id);
      put_attr (out, "ANNOTATOR", tier->annotator);
      g_string_append (out, ">\n");
      guint first = annotation;
      gboolean sources = FALSE;
      for (guint i = 0; i < tier->labels->len; i++)
        {
          const SlLabel *l = tier->labels->pdata[i];
          g_autofree char *value = g_markup_escape_text (l->value != NULL ? l->value : "", -1);
          g_string_append_printf (out,
                                  "    <ANNOTATION>\n      <ALIGNABLE_ANNOTATION "
                                  "ANNOTATION_ID=\"a%u\" TIME_SLOT_REF1=\"ts%u\" "
                                  "TIME_SLOT_REF2=\"ts%u\">\n        "
                                  "<ANNOTATION_VALUE>%s</ANNOTATION_VALUE>\n      "
                                  "</ALIGNABLE_ANNOTATION>\n    </ANNOTATION>\n",
                                  ++annotation, slot + 1, slot + 2, value);
          slot += 2;
          g_autofree char *provenance = sl_label_provenance (l);
          sources |= provenance != NULL;
        }
      g_string_append (out, "  </TIER>\n");
      if (!sources)
        continue;
      any_source = TRUE;
      g_autofree char *source_id = g_strconcat (id, " source", NULL);
      g_string_append (out, "  <TIER");
      put_attr (out, "LINGUISTIC_TYPE_REF", SOURCE_TYPE);
      put_attr (out, "PARENT_REF", id);
      put_attr (out, "TIER_ID", source_id);
      put_attr (out, "ANNOTATOR", tier->annotator);
      g_string_append (out, ">\n");
      for (guint i = 0; i < tier->labels->len; i++)
        {
          g_autofree char *provenance = sl_label_provenance (tier->labels->pdata[i]);
          if (provenance != NULL)
            g_string_append_printf (out,
                                    "    <ANNOTATION>\n      <REF_ANNOTATION "
                                    "ANNOTATION_ID=\"s%u\" ANNOTATION_REF=\"a%u\">\n        "
                                    "<ANNOTATION_VALUE>%s</ANNOTATION_VALUE>\n      "
                                    "</REF_ANNOTATION>\n    </ANNOTATION>\n",
                                    first + i + 1, first + i + 1, provenance);
        }
      g_string_append (out, "  </TIER>\n");
    }
  for (guint t = 0; t < tiers->len; t++)
    g_ptr_array_unref (g_array_index (tiers, TierOut, t).labels);
  g_string_append (
      out, "  <LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"" LABEL_TYPE
           "\" TIME_ALIGNABLE=\"true\"/>\n");
  if (any_source)
    g_string_append (out, "  <LINGUISTIC_TYPE CONSTRAINTS=\"Symbolic_Association\" "
                          "GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"" SOURCE_TYPE
                          "\" TIME_ALIGNABLE=\"false\"/>\n"
                          "  <CONSTRAINT DESCRIPTION=\"1-1 association with a parent annotation\" "
                          "STEREOTYPE=\"Symbolic_Association\"/>\n");
  g_string_append (out, "</ANNOTATION_DOCUMENT>\n");
  return g_string_free (out, FALSE);
}
