/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page of the calibration wizard: what every page shares.  Every page
 * edits the wizard's one draft; the wizard's shell (Back, Next, the
 * stack) calls the page when it is shown and when Next leaves it, and
 * asks whether Next may be pressed.  A page speaks to the shell through
 * the shell's actions, wrapped below: "wizard.toast" (a passing message),
 * "wizard.problem" (what stops Next; "" clears it), "wizard.refresh".
 */
#pragma once

#include <gtk/gtk.h>

#include "gaze/sl-cal-draft.h"

G_BEGIN_DECLS

#define SL_TYPE_CAL_PAGE (sl_cal_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (SlCalPage, sl_cal_page, SL, CAL_PAGE, GtkBox)

struct _SlCalPageClass
{
  GtkBoxClass parent_class;

  /* The draft was given (once, before the page is first shown): connect
   * to what the page shows of it. */
  void (*draft_set) (SlCalPage *page, SlCalDraft *draft);
  /* About to be shown; a problem it finds is shown, the page still is. */
  void (*enter) (SlCalPage *page, GError **error);
  /* Next was pressed: FALSE, with the reason, keeps the page. */
  gboolean (*leave) (SlCalPage *page, GError **error);
  /* Whether Next may be pressed now (by default, yes). */
  gboolean (*ready) (SlCalPage *page);
};

void sl_cal_page_set_draft (SlCalPage *page, SlCalDraft *draft);
SlCalDraft *sl_cal_page_get_draft (SlCalPage *page);
void sl_cal_page_enter (SlCalPage *page, GError **error);
gboolean sl_cal_page_leave (SlCalPage *page, GError **error);
gboolean sl_cal_page_ready (SlCalPage *page);
/* For the pages after the fit: Next once there is a fitted profile. */
gboolean sl_cal_page_ready_when_fitted (SlCalPage *page);

/* For pages: a toast, or the problem shown above the page (NULL clears). */
void sl_cal_page_toast (SlCalPage *page, const char *message);
void sl_cal_page_problem (SlCalPage *page, const char *problem);
/* For pages: Next may have become possible or impossible. */
void sl_cal_page_ready_changed (SlCalPage *page);

G_END_DECLS
