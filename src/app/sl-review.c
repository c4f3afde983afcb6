/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-review.h"

struct _SlReview
{
  GObject parent_instance;

  SlStore *store; /* borrowed */
  SlSession *session;
  gint64 run_id;
  gint64 frame;
  gint64 visible[2];
  gint64 selection[2];
};

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_RUN_ID,
  PROP_FRAME,
  PROP_VISIBLE_FIRST,
  PROP_VISIBLE_LAST,
  PROP_SELECTION_FIRST,
  PROP_SELECTION_LAST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint events_changed;

G_DEFINE_FINAL_TYPE (SlReview, sl_review, G_TYPE_OBJECT)

static void
sl_review_finalize (GObject *object)
{
  SlReview *self = SL_REVIEW (object);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (sl_review_parent_class)->finalize (object);
}

static void
sl_review_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlReview *self = SL_REVIEW (object);
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_RUN_ID:
      g_value_set_int64 (value, self->run_id);
      break;
    case PROP_FRAME:
      g_value_set_int64 (value, self->frame);
      break;
    case PROP_VISIBLE_FIRST:
      g_value_set_int64 (value, self->visible[0]);
      break;
    case PROP_VISIBLE_LAST:
      g_value_set_int64 (value, self->visible[1]);
      break;
    case PROP_SELECTION_FIRST:
      g_value_set_int64 (value, self->selection[0]);
      break;
    case PROP_SELECTION_LAST:
      g_value_set_int64 (value, self->selection[1]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_review_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SlReview *self = SL_REVIEW (object);
  switch (prop_id)
    {
    case PROP_RUN_ID:
      sl_review_set_run (self, g_value_get_int64 (value));
      break;
    case PROP_FRAME:
      sl_review_set_frame (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_review_class_init (SlReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->finalize = sl_review_finalize;
  object_class->get_property = sl_review_get_property;
  object_class->set_property = sl_review_set_property;

  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, SL_TYPE_SESSION, ro);
  properties[PROP_RUN_ID] = g_param_spec_int64 ("run-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_FRAME] = g_param_spec_int64 ("frame", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_VISIBLE_FIRST]
      = g_param_spec_int64 ("visible-first", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_VISIBLE_LAST]
      = g_param_spec_int64 ("visible-last", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SELECTION_FIRST]
      = g_param_spec_int64 ("selection-first", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_SELECTION_LAST]
      = g_param_spec_int64 ("selection-last", NULL, NULL, -1, G_MAXINT64, -1, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  events_changed = g_signal_new ("events-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
sl_review_init (SlReview *self)
{
  self->selection[0] = self->selection[1] = -1;
}

void
sl_review_events_changed (SlReview *self, gint64 run_id)
{
  g_return_if_fail (SL_IS_REVIEW (self));
  g_signal_emit (self, events_changed, 0, run_id);
}

SlReview *
sl_review_new (void)
{
  return g_object_new (SL_TYPE_REVIEW, NULL);
}

void
sl_review_set_session (SlReview *self, SlStore *store, SlSession *session)
{
  g_return_if_fail (SL_IS_REVIEW (self));
  g_object_freeze_notify (G_OBJECT (self));
  g_clear_object (&self->session);
  self->store = session != NULL ? store : NULL;
  self->session = session != NULL ? g_object_ref (session) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  sl_review_set_run (self, 0);
  sl_review_set_frame (self, 0);
  sl_review_set_visible (self, 0, MAX (sl_review_get_frame_count (self) - 1, 0));
  sl_review_set_selection (self, -1, -1);
  g_object_thaw_notify (G_OBJECT (self));
}

SlStore *
sl_review_get_store (SlReview *self)
{
  g_return_val_if_fail (SL_IS_REVIEW (self), NULL);
  return self->store;
}

SlSession *
sl_review_get_session (SlReview *self)
{
  g_return_val_if_fail (SL_IS_REVIEW (self), NULL);
  return self->session;
}

gint64
sl_review_get_frame_count (SlReview *self)
{
  g_return_val_if_fail (SL_IS_REVIEW (self), 0);
  return self->session != NULL ? MAX (self->session->frame_count, 1) : 0;
}

void
sl_review_set_run (SlReview *self, gint64 run_id)
{
  g_return_if_fail (SL_IS_REVIEW (self));
  if (run_id == self->run_id)
    return;
  self->run_id = run_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN_ID]);
}

gint64
sl_review_get_run (SlReview *self)
{
  g_return_val_if_fail (SL_IS_REVIEW (self), 0);
  return self->run_id;
}

void
sl_review_set_frame (SlReview *self, gint64 frame)
{
  g_return_if_fail (SL_IS_REVIEW (self));
  frame = MAX (frame, 0);
  if (frame == self->frame)
    return;
  self->frame = frame;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
}

gint64
sl_review_get_frame (SlReview *self)
{
  g_return_val_if_fail (SL_IS_REVIEW (self), 0);
  return self->frame;
}

static void
set_pair (SlReview *self, gint64 *pair, gint64 first, gint64 last, guint prop_first)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (pair[0] != first)
    {
      pair[0] = first;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_first]);
    }
  if (pair[1] != last)
    {
      pair[1] = last;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_first + 1]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
sl_review_set_visible (SlReview *self, gint64 first, gint64 last)
{
  g_return_if_fail (SL_IS_REVIEW (self));
  g_return_if_fail (first >= 0 && last >= first);
  set_pair (self, self->visible, first, last, PROP_VISIBLE_FIRST);
}

void
sl_review_get_visible (SlReview *self, gint64 *first, gint64 *last)
{
  g_return_if_fail (SL_IS_REVIEW (self));
  *first = self->visible[0];
  *last = self->visible[1];
}

void
sl_review_set_selection (SlReview *self, gint64 first, gint64 last)
{
  g_return_if_fail (SL_IS_REVIEW (self));
  if (first < 0 || last < 0)
    first = last = -1;
  else if (first > last)
    {
      gint64 t = first;
      first = last;
      last = t;
    }
  set_pair (self, self->selection, first, last, PROP_SELECTION_FIRST);
}

void
sl_review_get_selection (SlReview *self, gint64 *first, gint64 *last)
{
  g_return_if_fail (SL_IS_REVIEW (self));
  *first = self->selection[0];
  *last = self->selection[1];
}
