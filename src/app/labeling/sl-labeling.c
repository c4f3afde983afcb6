/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "base/sl-error.h"
#include "labels/sl-review-queue.h"
#include "sl-labeling.h"

struct _SlLabeling
{
  GObject parent_instance;

  SlReview *review;
  char *annotator;
  SlLabelingMode mode;
  gboolean blind;
  GPtrArray *kinds;  /* SlLabelKind */
  GPtrArray *labels; /* SlLabel */
  GHashTable *open;  /* kind name → its start frame (boxed gint64) */
  gint64 selected;

  /* The review queue. */
  GPtrArray *events; /* SlEvent: the run's, owned */
  GPtrArray *queue;  /* SlEvent, borrowed from events */
  guint position;
  gint64 first, last; /* the edges of the one under review, as moved */
  guint accepted, rejected;
  gint64 started_us;
};

G_DEFINE_FINAL_TYPE (SlLabeling, sl_labeling, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ANNOTATOR,
  PROP_MODE,
  PROP_BLIND,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

enum
{
  CHANGED,
  EVENT_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static SlStore *
store (SlLabeling *self)
{
  return sl_review_get_store (self->review);
}

static SlSession *
session (SlLabeling *self)
{
  return sl_review_get_session (self->review);
}

/* Reads the label set and the labels shown again; "changed". */
static void
reload (SlLabeling *self)
{
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->kinds, g_ptr_array_unref);
  SlSession *s = session (self);
  if (s != NULL && store (self) != NULL)
    {
      g_autoptr (GError) error = NULL;
      self->kinds = sl_store_list_label_kinds (store (self), &error);
      if (self->kinds != NULL)
        self->labels = sl_store_list_labels (store (self), s->id,
                                             self->blind ? self->annotator : NULL, &error);
      if (error != NULL)
        g_warning ("The labels cannot be read: %s", error->message);
    }
  if (self->kinds == NULL)
    self->kinds = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_kind_free);
  if (self->labels == NULL)
    self->labels = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_free);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
clear_queue (SlLabeling *self)
{
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  self->position = 0;
  g_signal_emit (self, signals[EVENT_CHANGED], 0);
}

static void
on_session (SlLabeling *self)
{
  g_hash_table_remove_all (self->open);
  self->selected = 0;
  if (self->mode == SL_LABELING_REVIEW)
    sl_labeling_set_mode (self, SL_LABELING_OFF);
  clear_queue (self);
  reload (self);
}

SlLabeling *
sl_labeling_new (SlReview *review)
{
  SlLabeling *self = g_object_new (SL_TYPE_LABELING, NULL);
  self->review = g_object_ref (review);
  g_signal_connect_object (review, "notify::session", G_CALLBACK (on_session), self,
                           G_CONNECT_SWAPPED);
  reload (self);
  return self;
}

SlReview *
sl_labeling_get_review (SlLabeling *self)
{
  return self->review;
}

void
sl_labeling_set_annotator (SlLabeling *self, const char *name)
{
  g_return_if_fail (SL_IS_LABELING (self));
  if (name == NULL || *name == '\0')
    name = g_get_user_name ();
  if (g_strcmp0 (self->annotator, name) == 0)
    return;
  g_free (self->annotator);
  self->annotator = g_strdup (name);
  g_hash_table_remove_all (self->open);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ANNOTATOR]);
  reload (self);
}

const char *
sl_labeling_get_annotator (SlLabeling *self)
{
  return self->annotator;
}

void
sl_labeling_set_mode (SlLabeling *self, SlLabelingMode mode)
{
  g_return_if_fail (SL_IS_LABELING (self));
  if (self->mode == mode)
    return;
  self->mode = mode;
  if (mode != SL_LABELING_REVIEW)
    clear_queue (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODE]);
}

SlLabelingMode
sl_labeling_get_mode (SlLabeling *self)
{
  return self->mode;
}

void
sl_labeling_set_blind (SlLabeling *self, gboolean blind)
{
  g_return_if_fail (SL_IS_LABELING (self));
  if (self->blind == !!blind)
    return;
  self->blind = !!blind;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BLIND]);
  reload (self);
}

gboolean
sl_labeling_get_blind (SlLabeling *self)
{
  return self->blind;
}

GPtrArray *
sl_labeling_get_kinds (SlLabeling *self)
{
  return self->kinds;
}

GPtrArray *
sl_labeling_get_labels (SlLabeling *self)
{
  return self->labels;
}

void
sl_labeling_reload (SlLabeling *self)
{
  g_return_if_fail (SL_IS_LABELING (self));
  reload (self);
}

const SlLabelKind *
sl_labeling_kind_for_key (SlLabeling *self, const char *key)
{
  for (guint i = 0; i < self->kinds->len; i++)
    {
      const SlLabelKind *k = self->kinds->pdata[i];
      if (k->key != NULL && g_strcmp0 (k->key, key) == 0)
        return k;
    }
  return NULL;
}

gint64
sl_labeling_open_start (SlLabeling *self, const char *kind)
{
  gint64 *start = g_hash_table_lookup (self->open, kind);
  return start != NULL ? *start : -1;
}

void
sl_labeling_select (SlLabeling *self, gint64 label_id)
{
  if (self->selected == label_id)
    return;
  self->selected = label_id;
  g_signal_emit (self, signals[CHANGED], 0);
}

gint64
sl_labeling_get_selected (SlLabeling *self)
{
  return self->selected;
}

static double
frame_ms (SlLabeling *self, gint64 frame)
{
  SlSession *s = session (self);
  return s != NULL && s->fps > 0 ? frame * 1000.0 / s->fps : 0;
}

static gboolean
need_session (SlLabeling *self, GError **error)
{
  if (session (self) != NULL && store (self) != NULL)
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, _ ("Open a session to label it."));
  return FALSE;
}

/* Adds a label of @kind over @first–@last by the annotator; its id, or 0. */
static gint64
add (SlLabeling *self, const char *kind, gint64 first, gint64 last, SlLabelSource source,
     const SlEvent *event, GError **error)
{
  SlLabel l = { 0 };
  l.session_id = session (self)->id;
  l.annotator = self->annotator;
  l.kind = (char *)kind;
  l.start_frame = MIN (first, last);
  l.end_frame = MAX (first, last);
  l.start_ms = frame_ms (self, l.start_frame);
  l.end_ms = frame_ms (self, l.end_frame);
  l.source = source;
  l.event_id = event != NULL ? event->id : 0;
  l.run_id = event != NULL ? sl_review_get_run (self->review) : 0;
  l.blind = self->blind && event == NULL;
  gint64 id = sl_store_add_label (store (self), &l, error);
  if (id != 0)
    {
      self->selected = id;
      reload (self);
    }
  return id;
}

gboolean
sl_labeling_press (SlLabeling *self, const SlLabelKind *kind, GError **error)
{
  g_return_val_if_fail (SL_IS_LABELING (self), FALSE);
  if (!need_session (self, error))
    return FALSE;
  gint64 frame = sl_review_get_frame (self->review);
  if (kind->point)
    return add (self, kind->name, frame, frame, SL_LABEL_MANUAL, NULL, error) != 0;
  gint64 start = sl_labeling_open_start (self, kind->name);
  if (start < 0)
    {
      g_hash_table_insert (self->open, g_strdup (kind->name), g_memdup2 (&frame, sizeof frame));
      g_signal_emit (self, signals[CHANGED], 0);
      return TRUE;
    }
  g_hash_table_remove (self->open, kind->name);
  if (add (self, kind->name, start, frame, SL_LABEL_MANUAL, NULL, error) != 0)
    return TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
  return FALSE;
}

gboolean
sl_labeling_add (SlLabeling *self, const char *kind, gint64 first, gint64 last, GError **error)
{
  g_return_val_if_fail (SL_IS_LABELING (self), FALSE);
  return need_session (self, error)
         && add (self, kind, first, last, SL_LABEL_MANUAL, NULL, error) != 0;
}

gboolean
sl_labeling_undo (SlLabeling *self, gboolean redo, GError **error)
{
  g_return_val_if_fail (SL_IS_LABELING (self), FALSE);
  if (!need_session (self, error))
    return FALSE;
  gint64 id = 0;
  if (!sl_store_undo_label (store (self), session (self)->id, self->annotator, redo, &id, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                     redo ? _ ("Nothing of %s’s to redo.") : _ ("Nothing of %s’s to undo."),
                     self->annotator);
      return FALSE;
    }
  self->selected = id;
  reload (self);
  return TRUE;
}

static const SlLabel *
find (SlLabeling *self, gint64 id)
{
  for (guint i = 0; i < self->labels->len; i++)
    if (((SlLabel *)self->labels->pdata[i])->id == id)
      return self->labels->pdata[i];
  return NULL;
}

/* Label @id, when it is the annotator's to change. */
static const SlLabel *
own (SlLabeling *self, gint64 id, GError **error)
{
  const SlLabel *l = find (self, id);
  if (l == NULL)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("Select a label first."));
  else if (g_strcmp0 (l->annotator, self->annotator) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("This label is %s’s: only they change it (you label as %s)."), l->annotator,
                   self->annotator);
      return NULL;
    }
  return l;
}

gboolean
sl_labeling_delete_selected (SlLabeling *self, GError **error)
{
  g_return_val_if_fail (SL_IS_LABELING (self), FALSE);
  const SlLabel *l = need_session (self, error) ? own (self, self->selected, error) : NULL;
  if (l == NULL || !sl_store_delete_label (store (self), l->id, self->annotator, error))
    return FALSE;
  self->selected = 0;
  reload (self);
  return TRUE;
}

gboolean
sl_labeling_move_edge (SlLabeling *self, gint64 label_id, gboolean end, gint64 frame,
                       GError **error)
{
  g_return_val_if_fail (SL_IS_LABELING (self), FALSE);
  const SlLabel *l = need_session (self, error) ? own (self, label_id, error) : NULL;
  if (l == NULL)
    return FALSE;
  SlLabel moved = *l;
  if (end)
    moved.end_frame = MAX (frame, l->start_frame);
  else
    moved.start_frame = MIN (frame, l->end_frame);
  if (moved.start_frame == l->start_frame && moved.end_frame == l->end_frame)
    return TRUE;
  moved.start_ms = frame_ms (self, moved.start_frame);
  moved.end_ms = frame_ms (self, moved.end_frame);
  /* A detection accepted as it was is adjusted once it is moved. */
  if (moved.source == SL_LABEL_ACCEPTED)
    moved.source = SL_LABEL_ADJUSTED;
  if (!sl_store_change_label (store (self), &moved, error))
    return FALSE;
  reload (self);
  return TRUE;
}

/* ---- The review queue ---------------------------------------------------- */

/* The label kind a detection of @event_kind is reviewed as, or NULL. */
static const SlLabelKind *
kind_of_event (SlLabeling *self, const char *event_kind)
{
  for (guint i = 0; i < self->kinds->len; i++)
    {
      const SlLabelKind *k = self->kinds->pdata[i];
      if (k->detector == NULL)
        continue;
      g_auto (GStrv) detectors = g_strsplit (k->detector, ",", -1);
      if (g_strv_contains ((const char *const *)detectors, event_kind))
        return k;
    }
  return NULL;
}

static void
show_event (SlLabeling *self)
{
  const SlEvent *e = sl_labeling_get_event (self);
  self->first = e != NULL ? e->start_frame : -1;
  self->last = e != NULL ? e->end_frame : -1;
  g_signal_emit (self, signals[EVENT_CHANGED], 0);
}

gboolean
sl_labeling_start_review (SlLabeling *self, GError **error)
{
  g_return_val_if_fail (SL_IS_LABELING (self), FALSE);
  if (!need_session (self, error))
    return FALSE;
  gint64 run = sl_review_get_run (self->review);
  if (self->blind)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Blind labeling hides the detections: turn it off to review them."));
      return FALSE;
    }
  if (run == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("Analyse the session first: the review goes through its detections."));
      return FALSE;
    }
  g_autoptr (GPtrArray) events = sl_store_list_events (store (self), run, error);
  if (events == NULL)
    return FALSE;
  /* The detections compared with a kind, less those already decided on. */
  g_autoptr (GHashTable) decided = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GPtrArray) mine
      = sl_store_list_labels (store (self), session (self)->id, self->annotator, error);
  if (mine == NULL)
    return FALSE;
  for (guint i = 0; i < mine->len; i++)
    if (((SlLabel *)mine->pdata[i])->event_id != 0)
      g_hash_table_add (decided, &((SlLabel *)mine->pdata[i])->event_id);
  g_autoptr (GStrvBuilder) kinds = g_strv_builder_new ();
  for (guint i = 0; i < events->len; i++)
    {
      SlEvent *e = events->pdata[i];
      if (kind_of_event (self, e->kind) != NULL && !g_hash_table_contains (decided, &e->id))
        g_strv_builder_add (kinds, e->kind);
    }
  g_auto (GStrv) wanted = g_strv_builder_end (kinds);
  g_autoptr (GPtrArray) queue = sl_review_queue_order (events, (const char *const *)wanted);
  /* Two kinds can be the same event's; drop what was decided. */
  for (guint i = queue->len; i-- > 0;)
    if (g_hash_table_contains (decided, &((SlEvent *)queue->pdata[i])->id))
      g_ptr_array_remove_index (queue, i);
  if (queue->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("Nothing to review: %s has decided on every detection of this run."),
                   self->annotator);
      return FALSE;
    }
  clear_queue (self);
  self->events = g_steal_pointer (&events);
  self->queue = g_steal_pointer (&queue);
  self->accepted = self->rejected = 0;
  self->started_us = g_get_monotonic_time ();
  sl_labeling_set_mode (self, SL_LABELING_REVIEW);
  show_event (self);
  return TRUE;
}

const SlEvent *
sl_labeling_get_event (SlLabeling *self)
{
  if (self->queue == NULL || self->position >= self->queue->len)
    return NULL;
  return self->queue->pdata[self->position];
}

void
sl_labeling_get_edges (SlLabeling *self, gint64 *first, gint64 *last)
{
  *first = self->first;
  *last = self->last;
}

void
sl_labeling_adjust (SlLabeling *self, gboolean end, int frames)
{
  if (sl_labeling_get_event (self) == NULL)
    return;
  gint64 limit = MAX (sl_review_get_frame_count (self->review) - 1, 0);
  if (end)
    self->last = CLAMP (self->last + frames, self->first, limit);
  else
    self->first = CLAMP (self->first + frames, 0, self->last);
  g_signal_emit (self, signals[EVENT_CHANGED], 0);
}

gboolean
sl_labeling_decide (SlLabeling *self, gboolean accept, GError **error)
{
  g_return_val_if_fail (SL_IS_LABELING (self), FALSE);
  const SlEvent *e = sl_labeling_get_event (self);
  if (e == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("The review has no detection left."));
      return FALSE;
    }
  const SlLabelKind *kind = kind_of_event (self, e->kind);
  gboolean moved = self->first != e->start_frame || self->last != e->end_frame;
  SlLabelSource source = !accept ? SL_LABEL_REJECTED
                         : moved ? SL_LABEL_ADJUSTED
                                 : SL_LABEL_ACCEPTED;
  /* A rejection keeps the detection's own edges: what was wrongly found. */
  gint64 first = accept ? self->first : e->start_frame, last = accept ? self->last : e->end_frame;
  if (add (self, kind->name, first, last, source, e, error) == 0)
    return FALSE;
  if (accept)
    self->accepted++;
  else
    self->rejected++;
  self->position++;
  show_event (self);
  return TRUE;
}

void
sl_labeling_skip (SlLabeling *self, int step)
{
  if (self->queue == NULL || self->queue->len == 0)
    return;
  self->position = CLAMP ((int)self->position + step, 0, (int)self->queue->len);
  show_event (self);
}

void
sl_labeling_get_progress (SlLabeling *self, guint *position, guint *length, guint *accepted,
                          guint *rejected, double *per_minute)
{
  *position = self->position;
  *length = self->queue != NULL ? self->queue->len : 0;
  *accepted = self->accepted;
  *rejected = self->rejected;
  double minutes = (g_get_monotonic_time () - self->started_us) / 6e7;
  *per_minute
      = minutes > 0 && self->queue != NULL ? (self->accepted + self->rejected) / minutes : 0;
}

/* ---- GObject --------------------------------------------------------------- */

static void
sl_labeling_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  SlLabeling *self = SL_LABELING (object);
  switch (id)
    {
    case PROP_ANNOTATOR:
      g_value_set_string (value, self->annotator);
      break;
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    case PROP_BLIND:
      g_value_set_boolean (value, self->blind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
sl_labeling_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  SlLabeling *self = SL_LABELING (object);
  switch (id)
    {
    case PROP_ANNOTATOR:
      sl_labeling_set_annotator (self, g_value_get_string (value));
      break;
    case PROP_MODE:
      sl_labeling_set_mode (self, g_value_get_int (value));
      break;
    case PROP_BLIND:
      sl_labeling_set_blind (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
sl_labeling_finalize (GObject *object)
{
  SlLabeling *self = SL_LABELING (object);
  g_clear_object (&self->review);
  g_free (self->annotator);
  g_clear_pointer (&self->kinds, g_ptr_array_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_hash_table_unref (self->open);
  G_OBJECT_CLASS (sl_labeling_parent_class)->finalize (object);
}

static void
sl_labeling_class_init (SlLabelingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->get_property = sl_labeling_get_property;
  object_class->set_property = sl_labeling_set_property;
  object_class->finalize = sl_labeling_finalize;
  props[PROP_ANNOTATOR]
      = g_param_spec_string ("annotator", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_MODE]
      = g_param_spec_int ("mode", NULL, NULL, SL_LABELING_OFF, SL_LABELING_REVIEW, SL_LABELING_OFF,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_BLIND]
      = g_param_spec_boolean ("blind", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  /* The label set, the labels shown, the open labels or the selection changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
  /* The detection under review, or its edges, changed. */
  signals[EVENT_CHANGED] = g_signal_new ("event-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sl_labeling_init (SlLabeling *self)
{
  self->annotator = g_strdup (g_get_user_name ());
  self->open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
