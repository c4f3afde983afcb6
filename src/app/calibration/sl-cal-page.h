/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page of the calibration wizard.  Every page edits the wizard's one
 * draft; the wizard's shell (Back, Next, the stack) calls the page when
 * it is shown and when Next leaves it, and asks whether Next may be
 * pressed.  A page speaks to the shell through the shell's actions:
 * "wizard.toast" (a passing message) and "wizard.problem" (what stops
 * Next; "" clears it).
 */
#pragma once

#include <gtk/gtk.h>

#include "gaze/sl-cal-draft.h"

G_BEGIN_DECLS

#define SL_TYPE_CAL_PAGE (sl_cal_page_get_type ())
G_DECLARE_INTERFACE (SlCalPage, sl_cal_page, SL, CAL_PAGE, GtkWidget)

struct _SlCalPageInterface
{
  GTypeInterface parent_iface;

  /* The draft the page edits, given once, before it is first shown. */
  void (*set_draft) (SlCalPage *page, SlCalDraft *draft);
  /* About to be shown; a problem it finds is shown, the page still is. */
  void (*enter) (SlCalPage *page, GError **error);
  /* Next was pressed: FALSE, with the reason, keeps the page. */
  gboolean (*leave) (SlCalPage *page, GError **error);
  /* Whether Next may be pressed now. */
  gboolean (*ready) (SlCalPage *page);
};

void sl_cal_page_set_draft (SlCalPage *page, SlCalDraft *draft);
void sl_cal_page_enter (SlCalPage *page, GError **error);
gboolean sl_cal_page_leave (SlCalPage *page, GError **error);
gboolean sl_cal_page_ready (SlCalPage *page);

/* For pages: a toast, or the problem shown above the page (NULL clears). */
void sl_cal_page_toast (SlCalPage *page, const char *message);
void sl_cal_page_problem (SlCalPage *page, const char *problem);
/* For pages: Next may have become possible or impossible. */
void sl_cal_page_ready_changed (SlCalPage *page);

G_END_DECLS
