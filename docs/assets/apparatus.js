/* The apparatus on a text page: notes in the margin, sheets and popovers. */
