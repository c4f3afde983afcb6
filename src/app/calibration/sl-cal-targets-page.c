/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "sl-cal-targets-page.h"
#include "sl-video-view.h"

/* Layout choices, in the dropdown's order. */
enum
{
  LAYOUT_SIDECAR,
  LAYOUT_5,
  LAYOUT_9,
};

struct _SlCalTargetsPage
{
  SlCalPage parent_instance;

  gboolean updating;
  int selected;
  char *opened; /* the recording the preview shows */

  GtkStack *stack;
  GtkDropDown *layout_dropdown;
  GtkListBox *target_list;
  SlVideoView *preview;
  GtkAdjustment *preview_adjustment;
  GtkLabel *preview_label;
  GtkLabel *live_label;
  GtkProgressBar *live_progress;
  GtkWidget *live_button;
};

G_DEFINE_FINAL_TYPE (SlCalTargetsPage, sl_cal_targets_page, SL_TYPE_CAL_PAGE)

static double
fps (SlCalTargetsPage *self)
{
  SlSession *s = sl_cal_draft_get_session (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  return s->fps > 0 ? s->fps : 25;
}

static void
seek_preview (SlCalTargetsPage *self, double ms)
{
  gtk_adjustment_set_value (self->preview_adjustment, round (ms / 1000 * fps (self)));
}

static void
on_preview_value (SlCalTargetsPage *self)
{
  if (sl_cal_page_get_draft (SL_CAL_PAGE (self)) == NULL)
    return;
  gint64 frame = (gint64)gtk_adjustment_get_value (self->preview_adjustment);
  sl_video_view_seek (self->preview, frame);
  g_autofree char *text
      = g_strdup_printf (_ ("Frame %" PRId64 " · %.2f s"), frame, frame / fps (self));
  gtk_label_set_text (self->preview_label, text);
}

/* The preview shows the draft's session (a live run's, once recorded). */
static void
open_preview (SlCalTargetsPage *self)
{
  SlSession *s = sl_cal_draft_get_session (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  if (g_strcmp0 (self->opened, s->path) == 0)
    return;
  g_free (self->opened);
  self->opened = g_strdup (s->path);
  if (sl_session_recording_exists (s) && sl_video_view_open (self->preview, s->path, NULL))
    gtk_adjustment_set_upper (self->preview_adjustment,
                              MAX (sl_video_view_get_frame_count (self->preview) - 1, 1));
  on_preview_value (self);
}

static void
on_time_changed (GtkSpinButton *spin, SlCalTargetsPage *self)
{
  if (self->updating)
    return;
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "target"));
  gboolean end = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "end"));
  GArray *targets = sl_cal_draft_get_schedule (sl_cal_page_get_draft (SL_CAL_PAGE (self)))->targets;
  if (i >= targets->len)
    return;
  SlCalTarget *t = &g_array_index (targets, SlCalTarget, i);
  double ms = round (gtk_spin_button_get_value (spin) * 1000);
  if (end)
    t->end_ms = ms;
  else
    t->start_ms = ms;
  seek_preview (self, ms);
}

void
sl_cal_targets_page_mark (SlCalTargetsPage *self, gboolean end)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->target_list, self->selected);
  if (row == NULL)
    return;
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (row), end ? "end" : "start");
  gtk_spin_button_set_value (spin,
                             gtk_adjustment_get_value (self->preview_adjustment) / fps (self));
}

static void
on_target_activated (SlCalTargetsPage *self, GtkListBoxRow *row)
{
  GArray *targets = sl_cal_draft_get_schedule (sl_cal_page_get_draft (SL_CAL_PAGE (self)))->targets;
  int i = gtk_list_box_row_get_index (row);
  if (i < 0 || (guint)i >= targets->len)
    return;
  self->selected = i;
  gtk_list_box_select_row (self->target_list, row);
  seek_preview (self, g_array_index (targets, SlCalTarget, i).start_ms);
}

static GtkWidget *
time_spin (SlCalTargetsPage *self, guint index, gboolean end, double ms)
{
  double duration
      = MAX (sl_cal_draft_get_session (sl_cal_page_get_draft (SL_CAL_PAGE (self)))->duration_s, 1);
  GtkWidget *spin = gtk_spin_button_new_with_range (0, duration, 0.04);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 2);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), ms / 1000);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spin, end ? _ ("Last moment shown, in seconds")
                                         : _ ("First moment shown, in seconds"));
  g_object_set_data (G_OBJECT (spin), "target", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (spin), "end", GINT_TO_POINTER (end));
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_time_changed), self);
  return spin;
}

/* The list of targets and the layout chosen, as the draft has them. */
static void
rebuild (SlCalTargetsPage *self)
{
  const SlCalSchedule *schedule
      = sl_cal_draft_get_schedule (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->target_list))) != NULL)
    gtk_list_box_remove (self->target_list, child);
  self->updating = TRUE;
  gtk_drop_down_set_selected (
      self->layout_dropdown,
      sl_cal_draft_is_from_sidecar (sl_cal_page_get_draft (SL_CAL_PAGE (self))) ? LAYOUT_SIDECAR
      : schedule->layout == 9                                                   ? LAYOUT_9
                                                                                : LAYOUT_5);
  for (guint i = 0; i < schedule->targets->len; i++)
    {
      const SlCalTarget *t = &g_array_index (schedule->targets, SlCalTarget, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *sub = g_strdup_printf (t->validation ? _ ("validation, at %.0f, %.0f")
                                                            : _ ("calibration, at %.0f, %.0f"),
                                              t->x, t->y);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t->id);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      GtkWidget *start = time_spin (self, i, FALSE, t->start_ms);
      GtkWidget *end = time_spin (self, i, TRUE, t->end_ms);
      g_object_set_data (G_OBJECT (row), "start", start);
      g_object_set_data (G_OBJECT (row), "end", end);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), start);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new ("–"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), end);
      gtk_list_box_append (self->target_list, row);
    }
  self->selected = MIN (self->selected, (int)schedule->targets->len - 1);
  gtk_list_box_select_row (self->target_list, gtk_list_box_get_row_at_index (
                                                  self->target_list, MAX (self->selected, 0)));
  self->updating = FALSE;
}

static void
on_layout_changed (SlCalTargetsPage *self)
{
  if (self->updating || sl_cal_page_get_draft (SL_CAL_PAGE (self)) == NULL)
    return;
  guint choice = gtk_drop_down_get_selected (self->layout_dropdown);
  const char *sidecar = sl_cal_draft_get_sidecar (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  if (choice == LAYOUT_SIDECAR && sidecar != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = g_strdup (sidecar);
      if (!sl_cal_draft_load_sidecar (sl_cal_page_get_draft (SL_CAL_PAGE (self)), path, &error))
        sl_cal_page_toast (SL_CAL_PAGE (self), error->message);
      return;
    }
  sl_cal_draft_set_layout (sl_cal_page_get_draft (SL_CAL_PAGE (self)), choice == LAYOUT_9 ? 9 : 5);
}

static void
propose (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalTargetsPage *self = SL_CAL_TARGETS_PAGE (widget);
  if (sl_cal_draft_get_events (sl_cal_page_get_draft (SL_CAL_PAGE (self))) == NULL)
    return;
  int moved = sl_cal_draft_propose (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  g_autofree char *text
      = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d target moved to a fixation",
                                      "%d targets moved to fixations", moved),
                         moved);
  sl_cal_page_toast (SL_CAL_PAGE (self), text);
}

void
sl_cal_targets_page_set_live_status (SlCalTargetsPage *self, const char *text, double fraction,
                                     gboolean busy)
{
  gtk_label_set_text (self->live_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->live_progress), fraction >= 0);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->live_progress, fraction);
  gtk_widget_set_sensitive (self->live_button, !busy);
}

static void
on_camera (SlCalTargetsPage *self)
{
  const char *device = sl_cal_draft_get_camera (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  gtk_stack_set_visible_child_name (self->stack, device != NULL ? "live" : "list");
  if (device == NULL)
    return;
  g_autofree char *text = g_strdup_printf (
      _ ("Camera %s. Sit as in the interview, then show the targets: the screen goes dark "
         "and shows one target at a time; look at each until it moves on. Space skips a "
         "target, Esc stops. The recording becomes a new session."),
      device);
  sl_cal_targets_page_set_live_status (self, text, -1, FALSE);
}

static void
draft_set (SlCalPage *page, SlCalDraft *draft)
{
  SlCalTargetsPage *self = SL_CAL_TARGETS_PAGE (page);
  g_signal_connect_object (draft, "targets-changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (draft, "notify::camera", G_CALLBACK (on_camera), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (draft, "notify::session", G_CALLBACK (open_preview), self,
                           G_CONNECT_SWAPPED);
  rebuild (self);
  on_camera (self);
  open_preview (self);
}

static void
enter (SlCalPage *page, GError **error)
{
  /* What the grader does from here on is asked about before it is lost. */
  sl_cal_draft_keep_pristine (sl_cal_page_get_draft (page));
}

static gboolean
leave (SlCalPage *page, GError **error)
{
  return sl_cal_draft_check_targets (sl_cal_page_get_draft (page), error);
}

static void
sl_cal_targets_page_dispose (GObject *object)
{
  SlCalTargetsPage *self = SL_CAL_TARGETS_PAGE (object);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CAL_TARGETS_PAGE);
  G_OBJECT_CLASS (sl_cal_targets_page_parent_class)->dispose (object);
}

static void
sl_cal_targets_page_finalize (GObject *object)
{
  g_free (SL_CAL_TARGETS_PAGE (object)->opened);
  G_OBJECT_CLASS (sl_cal_targets_page_parent_class)->finalize (object);
}

static void
sl_cal_targets_page_class_init (SlCalTargetsPageClass *klass)
{
  SlCalPageClass *page_class = SL_CAL_PAGE_CLASS (klass);
  page_class->draft_set = draft_set;
  page_class->enter = enter;
  page_class->leave = leave;
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_cal_targets_page_dispose;
  object_class->finalize = sl_cal_targets_page_finalize;
  g_type_ensure (SL_TYPE_VIDEO_VIEW);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/org/sightline/Sightline/calibration/sl-cal-targets-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCalTargetsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SlCalTargetsPage, layout_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlCalTargetsPage, target_list);
  gtk_widget_class_bind_template_child (widget_class, SlCalTargetsPage, preview);
  gtk_widget_class_bind_template_child (widget_class, SlCalTargetsPage, preview_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SlCalTargetsPage, preview_label);
  gtk_widget_class_bind_template_child (widget_class, SlCalTargetsPage, live_label);
  gtk_widget_class_bind_template_child (widget_class, SlCalTargetsPage, live_progress);
  gtk_widget_class_bind_template_child (widget_class, SlCalTargetsPage, live_button);
  gtk_widget_class_bind_template_callback (widget_class, on_layout_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_preview_value);
  gtk_widget_class_bind_template_callback (widget_class, on_target_activated);
  gtk_widget_class_install_action (widget_class, "targets.propose", NULL, propose);
}

static void
sl_cal_targets_page_init (SlCalTargetsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
