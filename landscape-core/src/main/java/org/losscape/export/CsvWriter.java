package org.losscape.export;

import java.io.PrintWriter;

/**
 * Writes a surface as CSV, one row per grid point in index order:
 * {@code index,i,j,alpha,beta,loss,accuracy}, then {@code test_loss,test_accuracy} when the
 * test set was evaluated. A 1-D surface has j = 0 and β = 0. Numbers use Java's shortest
 * round-trip decimal form; NaN and ±∞ are written {@code NaN}, {@code Infinity},
 * {@code -Infinity}.
 */
final class CsvWriter {

    private CsvWriter() {}

    static void write(SurfaceTable table, PrintWriter out) {
        out.print("index,i,j,alpha,beta,loss,accuracy");
        out.print(table.hasTest() ? ",test_loss,test_accuracy\n" : "\n");
        int ny = table.ny();
        for (int i = 0; i < table.nx(); i++) {
            for (int j = 0; j < ny; j++) {
                out.print((i * ny + j) + "," + i + "," + j + "," + table.xcoordinates()[i] + ","
                        + table.beta(j) + "," + table.trainLoss()[i][j] + ","
                        + table.trainAccuracy()[i][j]);
                if (table.hasTest()) {
                    out.print("," + table.testLoss()[i][j] + "," + table.testAccuracy()[i][j]);
                }
                out.print('\n');
            }
        }
    }
}
