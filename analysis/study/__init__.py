"""Studies around the analysis: validating tone against hand coding, scoring the kit on the
gold sets, training a tone model on the user's coding, and keyness across articles."""
